package dev.flemme4j.modelzoo.config.encoder;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.BuildingBlockKind;
import dev.flemme4j.modelzoo.config.DownSamplingKind;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.StageChannels;
import dev.flemme4j.modelzoo.config.UpSamplingKind;
import dev.flemme4j.modelzoo.encoder.pointcloud.PointCloudEncoderSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code model.encoder} section of a CNN-family image encoder (and its mirrored decoder), with Flemme's
 * defaults applied. Immutable; built and validated by {@link ImageEncoderSpecParser}.
 *
 * <p>Tensors are channels-first: input {@code (B, inChannel, *imageSize)}, output {@code (B, outChannel,
 * *imageSize)}. Every spatial size must be divisible by {@code patchSize × Π shapeScaling}.
 *
 * @param shapeScaling one scale factor per down stage (encoder order); the decoder uses them reversed
 * @param denseChannels dense layers after the encoder's middle stage (CNN only): the latent becomes a vector
 *                      {@code (B, dense[-1])} (upstream {@code vector_embedding})
 * @param channelAttention {@code channel_attention} after every stage, or {@code null}
 * @param absPosEmbedding a learned position embedding added after the image projection (encoder)
 * @param decoderDenseChannels the decoder's dense layers before it reshapes to a feature map; defaults to
 *                      {@code denseChannels} reversed
 * @param transformer   the ViT/Swin settings, or {@code null} for the CNN family
 * @param points        the point-cloud encoder's own settings ({@code data_form: PCD}), or {@code null}; then the
 *                      image fields are empty and the network input is {@code (B, point_num, in_channel)}
 */
public record ImageEncoderSpec(
        EncoderKind kind,
        List<Integer> imageSize,
        int inChannel,
        int outChannel,
        int patchSize,
        int patchChannel,
        List<Integer> downChannels,
        List<Integer> middleChannels,
        List<Integer> upChannels,
        List<Integer> finalChannels,
        BuildingBlockKind buildingBlock,
        int numBlocks,
        Normalization normalization,
        int numNormGroups,
        Activation activation,
        double dropout,
        int kernelSize,
        DownSamplingKind downSampling,
        UpSamplingKind upSampling,
        List<Integer> shapeScaling,
        boolean depthwise,
        List<Integer> denseChannels,
        List<Integer> decoderDenseChannels,
        List<AttentionSpec> downAttens,
        List<AttentionSpec> middleAttens,
        List<AttentionSpec> upAttens,
        List<AttentionSpec> finalAttens,
        AttentionSettings attention,
        ChannelAttentionSpec channelAttention,
        boolean absPosEmbedding,
        TransformerSpec transformer,
        PointCloudEncoderSpec points) {

    /** Without attention (the signature before attention support). */
    public ImageEncoderSpec(EncoderKind kind, List<Integer> imageSize, int inChannel, int outChannel, int patchSize,
            int patchChannel, List<Integer> downChannels, List<Integer> middleChannels, List<Integer> upChannels,
            List<Integer> finalChannels, BuildingBlockKind buildingBlock, int numBlocks, Normalization normalization,
            int numNormGroups, Activation activation, double dropout, int kernelSize, DownSamplingKind downSampling,
            UpSamplingKind upSampling, List<Integer> shapeScaling, boolean depthwise, List<Integer> denseChannels,
            List<Integer> decoderDenseChannels) {
        this(kind, imageSize, inChannel, outChannel, patchSize, patchChannel, downChannels, middleChannels, upChannels,
                finalChannels, buildingBlock, numBlocks, normalization, numNormGroups, activation, dropout, kernelSize,
                downSampling, upSampling, shapeScaling, depthwise, denseChannels, decoderDenseChannels,
                java.util.Collections.nCopies(downChannels.size(), AttentionSpec.NONE),
                java.util.Collections.nCopies(middleChannels.size(), AttentionSpec.NONE),
                java.util.Collections.nCopies(upChannels.size(), AttentionSpec.NONE),
                java.util.Collections.nCopies(finalChannels.size(), AttentionSpec.NONE),
                AttentionSettings.DEFAULT, null, false, null, null);
    }

    public ImageEncoderSpec {
        downAttens = List.copyOf(downAttens);
        middleAttens = List.copyOf(middleAttens);
        upAttens = List.copyOf(upAttens);
        finalAttens = List.copyOf(finalAttens);
        imageSize = List.copyOf(imageSize);
        downChannels = List.copyOf(downChannels);
        middleChannels = List.copyOf(middleChannels);
        upChannels = List.copyOf(upChannels);
        finalChannels = List.copyOf(finalChannels);
        shapeScaling = List.copyOf(shapeScaling);
        denseChannels = List.copyOf(denseChannels);
        decoderDenseChannels = List.copyOf(decoderDenseChannels);
    }

    /**
     * A point-cloud encoder's spec: no image axes, {@code in_channel}/{@code out_channel} per point, the block
     * settings for the summaries; everything else lives in {@code points}.
     */
    public static ImageEncoderSpec pointCloud(EncoderKind kind, PointCloudEncoderSpec points, Normalization normalization,
            int numNormGroups, Activation activation, double dropout, int numBlocks) {
        if (!kind.pointCloud()) {
            throw new IllegalArgumentException(kind.yamlName() + " is not a point-cloud encoder");
        }
        return new ImageEncoderSpec(kind, List.of(), points.pointDim(), points.outChannel(), 1, points.latentChannel(),
                List.of(), List.of(), List.of(), List.of(), BuildingBlockKind.SINGLE, numBlocks, normalization, numNormGroups,
                activation, dropout, 1, DownSamplingKind.CONV, UpSamplingKind.CONV, List.of(), false, List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), AttentionSettings.DEFAULT, null, false, null, points);
    }

    /**
     * The same encoder reading {@code inChannel} input channels: upstream widens the encoder when a condition is
     * concatenated to the input ({@code combine_condition: cat}); the decoder's {@code outChannel} is unchanged.
     */
    public ImageEncoderSpec withInChannel(int inChannel) {
        return new ImageEncoderSpec(kind, imageSize, inChannel, outChannel, patchSize, patchChannel, downChannels,
                middleChannels, upChannels, finalChannels, buildingBlock, numBlocks, normalization, numNormGroups,
                activation, dropout, kernelSize, downSampling, upSampling, shapeScaling, depthwise, denseChannels,
                decoderDenseChannels, downAttens, middleAttens, upAttens, finalAttens, attention, channelAttention,
                absPosEmbedding, transformer, points);
    }

    /** True when dense layers turn the latent into a vector {@code (B, dense[-1])}. */
    public boolean vectorEmbedding() {
        return points != null ? points.vectorEmbedding() : !denseChannels.isEmpty();
    }

    /** A point-cloud encoder ({@code data_form: PCD}): inputs {@code (B, N, in_channel)}, channels last. */
    public boolean pointCloud() {
        return points != null;
    }

    /** Channels of the encoder's output: {@code dense[-1]} for a vector latent, else {@link #latentChannel()}. */
    public int encoderOutChannel() {
        if (points != null) {
            return points.latentChannel();
        }
        return vectorEmbedding() ? denseChannels.get(denseChannels.size() - 1) : latentChannel();
    }

    /** Number of latent positions, {@code Π latentSize}. */
    public int latentPositions() {
        return latentSize().stream().reduce(1, (a, b) -> a * b);
    }

    /**
     * Channels of the feature map the decoder's up path starts from: {@code latentChannel()} without dense
     * layers, else the last decoder dense width (upstream reshapes its last dense output to
     * {@code (B, decoder_dense[-1], *latentSize)}).
     */
    public int decoderFeatureChannel() {
        if (!vectorEmbedding()) {
            return latentChannel();
        }
        return decoderDenseChannels.isEmpty() ? encoderOutChannel() : decoderDenseChannels.get(decoderDenseChannels.size() - 1);
    }

    /** Number of spatial dimensions (2 or 3). */
    public int spatialDims() {
        return imageSize.size();
    }

    /** Total down-scaling from image to latent: patch size times every stage's scale. */
    public int totalScaling() {
        int s = patchSize;
        for (int f : shapeScaling) {
            s *= f;
        }
        return s;
    }

    /** Channels of the encoder's output (the decoder's input). */
    public int latentChannel() {
        if (points != null) {
            return points.latentChannel();
        }
        if (!middleChannels.isEmpty()) {
            return middleChannels.get(middleChannels.size() - 1);
        }
        return downChannels.isEmpty() ? patchChannel : downChannels.get(downChannels.size() - 1);
    }

    /** Spatial size of the latent feature map. */
    public List<Integer> latentSize() {
        int s = totalScaling();
        return imageSize.stream().map(v -> v / s).toList();
    }

    /** Decoder scale factors (encoder's reversed). */
    public List<Integer> upScaling() {
        List<Integer> r = new ArrayList<>(shapeScaling);
        java.util.Collections.reverse(r);
        return List.copyOf(r);
    }

    /** Channels entering down stage i: the previous stage's output, or for DNet every earlier one's. */
    public int downStageInput(int stage) {
        if (kind.denselyConnected()) {
            return DNetChannels.downStageInput(patchChannel, downChannels, stage);
        }
        return stage == 0 ? patchChannel : downChannels.get(stage - 1);
    }

    /** Channels entering the first middle stage. */
    public int middleInput() {
        if (kind.denselyConnected()) {
            return DNetChannels.middleInput(downChannels);
        }
        return downChannels.isEmpty() ? patchChannel : downChannels.get(downChannels.size() - 1);
    }

    /** Channels entering up stage i's blocks (after its skip concatenation for U-shaped encoders). */
    public int upStageInput(int stage) {
        return switch (kind) {
            case DNET, VITD, SWIND -> DNetChannels.upStageInput(downChannels.size(), upChannels, stage);
            case UNET, VITU, SWINU -> 2 * upChannels.get(stage);
            case CNN, VIT, SWIN -> stage == 0 ? decoderFeatureChannel() : upChannels.get(stage - 1);
            case FCN, POINTNET, POINTNET2 -> throw new IllegalStateException(kind.yamlName() + " has no up stages");
        };
    }

    /** Every width a normalisation layer will see, for group-count checks. */
    public List<Integer> normalizedChannels() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < downChannels.size(); i++) {
            all.addAll(StageChannels.stage(downStageInput(i), downChannels.get(i), numBlocks).subList(1, numBlocks + 1));
        }
        List<Integer> mid = prepend(middleInput(), middleChannels);
        for (int i = 0; i + 1 < mid.size(); i++) {
            all.addAll(StageChannels.stage(mid.get(i), mid.get(i + 1), numBlocks).subList(1, numBlocks + 1));
        }
        if (vectorEmbedding()) {
            all.addAll(denseChannels);
            List<Integer> decoderDense = prepend(encoderOutChannel(), decoderDenseChannels);
            all.addAll(decoderDense.subList(1, decoderDense.size() - 1));
            all.add(decoderFeatureChannel() * latentPositions());
        }
        List<Integer> up = prepend(decoderFeatureChannel(), upChannels);
        for (int i = 0; i + 1 < up.size(); i++) {
            all.addAll(StageChannels.stage(upStageInput(i), up.get(i + 1), numBlocks).subList(1, numBlocks + 1));
        }
        List<Integer> fin = prepend(up.get(up.size() - 1), finalChannels);
        for (int i = 0; i + 1 < fin.size(); i++) {
            all.addAll(StageChannels.stage(fin.get(i), fin.get(i + 1), numBlocks).subList(1, numBlocks + 1));
        }
        return List.copyOf(all);
    }

    static List<Integer> prepend(int first, List<Integer> rest) {
        List<Integer> out = new ArrayList<>(rest.size() + 1);
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
