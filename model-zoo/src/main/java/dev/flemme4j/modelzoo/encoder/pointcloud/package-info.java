/**
 * Point-cloud encoders and decoders ({@code data_form: PCD}, clouds {@code (B, N, D)}): upstream's PointNet
 * encoder (with EdgeConv when {@code num_neighbors_k > 0}) and the PointNet decoder (dense, or FoldingNet folds of a
 * base shape), PointNet2 (furthest point sampling, ball-query/kNN multi-scale grouping, feature propagation), their
 * YAML specs, and the point-wise dense block they are built from. Internally features run channels-first
 * {@code (B, C, N)} so upstream's per-point Linear layers are 1×1 convolutions and its normalisations see the same
 * axes; PointNet2's sampling and grouping indices are computed on the host ({@code PointQueries}), as upstream's
 * CUDA kernels do them, and only gathers run in the engine.
 */
package dev.flemme4j.modelzoo.encoder.pointcloud;
