package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;

/**
 * Binary cross-entropy on logits (upstream {@code BCE} and {@code BCEL}), in the stable form
 * {@code max(x,0) - x·y + log(1 + e^{-|x|})} (e^{-|x|} ≤ 1, so no log1p is needed for stability), averaged per
 * sample → {@code (B)}.
 */
public final class BceWithLogitsLoss implements SampleLoss {
    @Override
    public NDArray perSample(NDArray logits, NDArray target) {
        NDArray perElement = logits.maximum(0f).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1f).log());
        return SampleLoss.meanPerSample(perElement);
    }
}
