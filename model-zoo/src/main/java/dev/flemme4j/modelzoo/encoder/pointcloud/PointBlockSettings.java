package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;

/**
 * How every point-wise dense block of one encoder/decoder pair is built, and how many form a stage; with a
 * {@code context} each normalised block ends with the time-step / condition injection (upstream's DenseBlock).
 */
public record PointBlockSettings(Normalization normalization, int numNormGroups, Activation activation, double dropout,
        int numBlocks, ContextSettings context) {

    public PointBlockSettings(Normalization normalization, int numNormGroups, Activation activation, double dropout, int numBlocks) {
        this(normalization, numNormGroups, activation, dropout, numBlocks, ContextSettings.NONE);
    }

    public PointBlockSettings withContext(ContextSettings c) {
        return new PointBlockSettings(normalization, numNormGroups, activation, dropout, numBlocks, c);
    }
}
