package dev.flemme4j.modelzoo.block.embedding;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/** Upstream's {@code Identity} condition embedding: the condition is used as given. */
public final class IdentityEmbedding extends NetworkBlock {
    private final int channels;

    public IdentityEmbedding(int channels) {
        this.channels = channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return input;
    }

    @Override
    public String description() {
        return "IdentityEmbedding(" + channels + ")";
    }
}
