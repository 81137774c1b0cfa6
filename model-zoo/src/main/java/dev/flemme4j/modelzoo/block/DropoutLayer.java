package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.Dropout(p)}: zeroes elements with probability {@code p} and scales the rest by
 * {@code 1/(1-p)} while training; the identity at inference, so the ONNX export has no node for it.
 */
public final class DropoutLayer extends InferenceIdentity {
    private final float rate;

    public DropoutLayer(double rate) {
        this.rate = dropProbability(rate, "dropout rate");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x);
    }

    @Override
    public String description() {
        return "Dropout(" + rate + ")";
    }
}
