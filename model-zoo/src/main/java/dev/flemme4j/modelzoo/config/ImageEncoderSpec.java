package dev.flemme4j.modelzoo.config;

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
        boolean depthwise) {

    public ImageEncoderSpec {
        imageSize = List.copyOf(imageSize);
        downChannels = List.copyOf(downChannels);
        middleChannels = List.copyOf(middleChannels);
        upChannels = List.copyOf(upChannels);
        finalChannels = List.copyOf(finalChannels);
        shapeScaling = List.copyOf(shapeScaling);
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

    /** Every width a normalisation layer will see, for group-count checks. */
    public List<Integer> normalizedChannels() {
        List<Integer> all = new ArrayList<>();
        List<Integer> down = prepend(patchChannel, downChannels);
        for (int i = 0; i + 1 < down.size(); i++) {
            all.addAll(StageChannels.stage(down.get(i), down.get(i + 1), numBlocks).subList(1, numBlocks + 1));
        }
        List<Integer> mid = prepend(down.get(down.size() - 1), middleChannels);
        for (int i = 0; i + 1 < mid.size(); i++) {
            all.addAll(StageChannels.stage(mid.get(i), mid.get(i + 1), numBlocks).subList(1, numBlocks + 1));
        }
        List<Integer> up = prepend(latentChannel(), upChannels);
        for (int i = 0; i + 1 < up.size(); i++) {
            int in = kind.uShaped() ? 2 * up.get(i + 1) : up.get(i);
            all.addAll(StageChannels.stage(in, up.get(i + 1), numBlocks).subList(1, numBlocks + 1));
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
