package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;
import java.util.List;

/**
 * A PointNet encoder / PointNet decoder pair as upstream's {@code create_encoder} builds it for
 * {@code data_form: PCD}. Channel lists are the YAML's: {@code localFeatureChannels} after the projection,
 * {@code denseChannels} of the encoder, {@code decoderDenseChannels} and {@code finalChannels} of the decoder.
 *
 * @param pointDim        {@code in_channel}: coordinates (plus features) per input point
 * @param outChannel      {@code out_channel}: values per output point (classes for SeM, coordinates for AE)
 * @param vectorEmbedding true: one latent vector per cloud; false: a latent per point
 * @param foldingTimes    0: the dense decoder; at least 2: FoldingNet folds of {@code baseShape}, each an MLP with
 *                        {@code foldingHiddenChannels} over the shape's points next to the codeword
 */
public record PointNetSpec(int pointDim, int outChannel, int pointNum, int projectionChannel, int numNeighborsK,
        List<Integer> localFeatureChannels, int numBlocks, List<Integer> denseChannels, List<Integer> decoderDenseChannels,
        List<Integer> finalChannels, Normalization normalization, int numNormGroups, Activation activation, double dropout,
        boolean vectorEmbedding, int foldingTimes, List<Integer> foldingHiddenChannels, FoldingShape baseShape)
        implements PointCloudEncoderSpec {

    public PointNetSpec {
        localFeatureChannels = List.copyOf(localFeatureChannels);
        denseChannels = List.copyOf(denseChannels);
        decoderDenseChannels = List.copyOf(decoderDenseChannels);
        finalChannels = List.copyOf(finalChannels);
        foldingHiddenChannels = List.copyOf(foldingHiddenChannels);
    }

    /** Points of the decoded cloud: the folded base shape's, else point_num (vector latent) or the input's. */
    @Override
    public int outputPoints(int inputPoints) {
        if (foldingTimes > 0) {
            return baseShape.points(pointNum);
        }
        return vectorEmbedding ? pointNum : inputPoints;
    }

    /** The dense-block settings shared by every stage of the pair. */
    public PointBlockSettings blocks() {
        return new PointBlockSettings(normalization, numNormGroups, activation, dropout, numBlocks);
    }

    /** Width of the encoder's output (the decoder's {@code latent_channel}). */
    @Override
    public int latentChannel() {
        return denseChannels.get(denseChannels.size() - 1);
    }
}
