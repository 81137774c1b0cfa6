/**
 * Point-cloud files and per-cloud transforms of upstream's PCD datasets: reading PLY (ASCII and binary vertex
 * coordinates), XYZ/PTS text and NPY arrays into a {@link dev.flemme4j.protocol.pointcloud.PointCloud}, and the
 * {@code FixedPoints}, {@code Normalize} and {@code ShufflePoints} transforms. Pure, no engine.
 */
package dev.flemme4j.protocol.pointcloud;
