package dev.flemme4j.modelzoo.block.embedding;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.InferenceIdentity;

/** Upstream's {@code Identity} condition embedding: the condition is used as given. */
public final class IdentityEmbedding extends InferenceIdentity {
    private final int channels;

    public IdentityEmbedding(int channels) {
        this.channels = channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow());
    }

    @Override
    public String description() {
        return "IdentityEmbedding(" + channels + ")";
    }
}
