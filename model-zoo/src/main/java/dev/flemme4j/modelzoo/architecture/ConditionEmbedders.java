package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.embedding.IdentityEmbedding;
import dev.flemme4j.modelzoo.block.embedding.OneHotEmbedding;
import dev.flemme4j.modelzoo.block.embedding.SinusoidalEmbedding;
import dev.flemme4j.modelzoo.config.context.ConditionEmbedderSpec;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;

/** Builds the block of a condition embedder (upstream {@code get_embedding}). */
final class ConditionEmbedders {
    private ConditionEmbedders() {
    }

    static NetworkBlock create(ConditionEmbedderSpec s) {
        return switch (s.kind()) {
            case IDENTITY -> new IdentityEmbedding(s.outChannel());
            case ONE_HOT -> new OneHotEmbedding(s.numClasses(), s.outChannel(), s.activation(), s.inputShape().isEmpty());
            case POSITION -> new SinusoidalEmbedding(s.outChannel(), s.activation());
            case ENCODER -> new EncoderEmbedding(ImageEncoders.create(s.encoder()).encoder());
        };
    }

    /** The shape of the condition the embedder reads, for a batch of one (to initialise it). */
    static Shape inputShape(ConditionEmbedderSpec e) {
        long[] s = new long[1 + e.inputShape().size()];
        s[0] = 1;
        for (int i = 0; i < e.inputShape().size(); i++) {
            s[1 + i] = e.inputShape().get(i);
        }
        return new Shape(s);
    }
}
