package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;

/**
 * Upstream {@code KL} against the standard normal: {@code -0.5·(1 + logvar - mean² - exp(logvar))} element-wise,
 * averaged per sample → {@code (B)}. {@code logvar} is expected already clamped by the model.
 */
public final class KlDivergence {
    private KlDivergence() {
    }

    public static NDArray perSample(NDArray mean, NDArray logvar) {
        NDArray kl = logvar.add(1f).sub(mean.square()).sub(logvar.exp()).mul(-0.5f);
        return SampleLoss.meanPerSample(kl);
    }
}
