package dev.flemme4j.modelzoo.config.context;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import java.util.List;

/**
 * One condition embedder ({@code condition_embedding.encoder} or {@code .decoder}; upstream {@code get_embedding}).
 *
 * @param kind        which embedder
 * @param outChannel  channels of the embedding (for an encoder: its latent width)
 * @param numClasses  {@code OneHot} only: classes in the input vector (0 otherwise)
 * @param activation  activation after the first dense layer of {@code OneHot}/{@code Position}
 * @param encoder     {@code ENCODER} only: the image encoder used as embedder (null otherwise)
 * @param inputShape  the condition {@code c} without the batch axis, as this embedder reads it
 * @param outputSpatial spatial size of the embedding; empty for a vector {@code (B, outChannel)}
 */
public record ConditionEmbedderSpec(Kind kind, int outChannel, int numClasses, Activation activation,
        ImageEncoderSpec encoder, List<Integer> inputShape, List<Integer> outputSpatial) {

    /** Embedder names; {@code Time} is the 2024 documentation's name of {@code Position}. */
    public enum Kind {
        IDENTITY, ONE_HOT, POSITION, ENCODER
    }

    public ConditionEmbedderSpec {
        inputShape = List.copyOf(inputShape);
        outputSpatial = List.copyOf(outputSpatial);
    }

    /** True when the embedding is a vector {@code (B, outChannel)}, which add/cat broadcast over space. */
    public boolean vector() {
        return outputSpatial.isEmpty();
    }
}
