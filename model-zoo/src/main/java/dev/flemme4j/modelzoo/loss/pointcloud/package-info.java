/**
 * Distances between point clouds {@code (B, N, 3)}: Chamfer (CD), density-aware Chamfer (DCD) and the
 * earth mover's distance (EMD) as per-sample losses on DJL arrays, the exact linear assignment EMD rests on,
 * and the numpy-side metrics of upstream (non-squared CD, EMD, point F-score with Hausdorff distance).
 * Index searches (nearest neighbours, assignments) run without gradient; the losses are then recomputed from
 * the gathered point pairs so gradients flow through the matched distances only.
 */
package dev.flemme4j.modelzoo.loss.pointcloud;
