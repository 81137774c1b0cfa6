package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;

/** A loss evaluated per sample: {@code (B, C, *S) × (B, C, *S) → (B)}, reduced over the batch by the caller. */
public interface SampleLoss {
    NDArray perSample(NDArray logits, NDArray target);

    /** Mean over all non-batch axes: {@code (B, ...) → (B)}. */
    static NDArray meanPerSample(NDArray x) {
        return x.reshape(x.getShape().get(0), -1).mean(new int[] {1});
    }
}
