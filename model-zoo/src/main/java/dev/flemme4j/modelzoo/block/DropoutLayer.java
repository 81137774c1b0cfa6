package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * PyTorch's {@code nn.Dropout(p)}: zeroes elements with probability {@code p} and scales the rest by
 * {@code 1/(1-p)} while training; the identity at inference, so the ONNX export has no node for it.
 */
public final class DropoutLayer extends NetworkBlock {
    private final float rate;

    public DropoutLayer(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), found " + rate);
        }
        this.rate = (float) rate;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x);
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
        return "Dropout(" + rate + ")";
    }
}
