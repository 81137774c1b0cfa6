/**
 * The point-cloud transforms of upstream's {@code pcd_transforms} ({@code data_form: PCD} datasets), each one
 * registration in {@link dev.flemme4j.protocol.transform.Transforms}: sampling to a fixed count, shuffling and the
 * random rotation / scale / noise augmentations. They work on a
 * {@link dev.flemme4j.protocol.pointcloud.PointCloud} of {@code (N, C)} rows, channels last.
 */
package dev.flemme4j.protocol.transform.points;
