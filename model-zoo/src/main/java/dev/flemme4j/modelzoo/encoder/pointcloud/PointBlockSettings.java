package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;

/** How every point-wise dense block of one encoder/decoder pair is built, and how many form a stage. */
public record PointBlockSettings(Normalization normalization, int numNormGroups, Activation activation, double dropout,
        int numBlocks) {
}
