/**
 * Point-cloud encoders and decoders ({@code data_form: PCD}, clouds {@code (B, N, D)}): upstream's PointNet
 * encoder (with EdgeConv when {@code num_neighbors_k > 0}) and the PointNet decoder, their YAML spec, and the
 * point-wise dense block they are built from. Internally features run channels-first {@code (B, C, N)} so
 * upstream's per-point Linear layers are 1×1 convolutions and its normalisations see the same axes.
 */
package dev.flemme4j.modelzoo.encoder.pointcloud;
