package dev.flemme4j.modelzoo.architecture;

import dev.flemme4j.modelzoo.block.IdentityEmbedding;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.OneHotEmbedding;
import dev.flemme4j.modelzoo.block.SinusoidalEmbedding;
import dev.flemme4j.modelzoo.config.ConditionEmbedderSpec;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;

/** Builds the block of a condition embedder (upstream {@code get_embedding}). */
final class ConditionEmbedders {
    private ConditionEmbedders() {
    }

    static NetworkBlock create(ConditionEmbedderSpec s) {
        return switch (s.kind()) {
            case IDENTITY -> new IdentityEmbedding(s.outChannel());
            case ONE_HOT -> new OneHotEmbedding(s.numClasses(), s.outChannel(), s.activation());
            case POSITION -> new SinusoidalEmbedding(s.outChannel(), s.activation());
            case ENCODER -> new EncoderEmbedding(ImageEncoders.create(s.encoder()).encoder());
        };
    }
}
