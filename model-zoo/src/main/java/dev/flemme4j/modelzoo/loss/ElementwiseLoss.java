package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;

/** Upstream {@code MSE} / {@code L1} (TorchLoss with reduction 'none'): element losses averaged per sample → {@code (B)}. */
public final class ElementwiseLoss implements SampleLoss {
    private final boolean squared;

    private ElementwiseLoss(boolean squared) {
        this.squared = squared;
    }

    public static ElementwiseLoss mse() {
        return new ElementwiseLoss(true);
    }

    public static ElementwiseLoss l1() {
        return new ElementwiseLoss(false);
    }

    @Override
    public NDArray perSample(NDArray prediction, NDArray target) {
        NDArray d = prediction.sub(target);
        return SampleLoss.meanPerSample(squared ? d.square() : d.abs());
    }
}
