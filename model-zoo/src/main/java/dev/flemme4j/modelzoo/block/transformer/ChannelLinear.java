package dev.flemme4j.modelzoo.block.transformer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Upstream's channels-last {@code nn.Linear(in, out)} on a channels-first map {@code (B, in, *L) → (B, out, *L)},
 * exported as the 1×1 convolution it equals.
 */
public final class ChannelLinear extends NetworkBlock {
    private final int dims;
    private final Dense dense;

    public ChannelLinear(int dims, int in, int out, boolean bias) {
        this.dims = dims;
        dense = addChildBlock("linear", new Dense(in, out, bias));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(run(dense, ps, inputs.singletonOrThrow(), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return dense.getOutputShapes(inputShapes);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return dense.exportOnnx(g, input, dims);
    }

    @Override
    public String description() {
        return dense.description();
    }
}
