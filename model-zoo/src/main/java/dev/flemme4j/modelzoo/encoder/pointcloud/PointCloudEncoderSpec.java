package dev.flemme4j.modelzoo.encoder.pointcloud;

import java.util.List;

/**
 * What the architectures need to know of a point-cloud encoder's settings ({@code data_form: PCD}); the
 * encoder's own record holds the rest. Clouds are channels-last, {@code (B, N, pointDim)}, as upstream's.
 */
public interface PointCloudEncoderSpec {
    /** {@code in_channel}: coordinates (plus features) per input point. */
    int pointDim();

    /** {@code out_channel}: values per output point. */
    int outChannel();

    /** {@code point_num}: points of the input cloud, and of a cloud decoded from a vector latent. */
    int pointNum();

    /** One latent vector per cloud ({@code (B, latent)}), else one per point ({@code (B, N, latent)}). */
    boolean vectorEmbedding();

    /** Width of the encoder's latent. */
    int latentChannel();

    /** Points of the decoded cloud for an input of {@code inputPoints}. */
    default int outputPoints(int inputPoints) {
        return vectorEmbedding() ? pointNum() : inputPoints;
    }

    /** The encoder's dense layers after pooling ({@code dense_channels}). */
    List<Integer> denseChannels();
}
