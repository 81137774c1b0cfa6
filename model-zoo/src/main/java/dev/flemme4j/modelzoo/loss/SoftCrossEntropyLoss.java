package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy over the channel axis with a probability (e.g. one-hot) target, as PyTorch's CrossEntropyLoss
 * with float targets: {@code -Σ_c y_c log softmax(x)_c} per position, averaged per sample → {@code (B)}.
 */
public final class SoftCrossEntropyLoss implements SampleLoss {
    @Override
    public NDArray perSample(NDArray logits, NDArray target) {
        return SampleLoss.meanPerSample(target.mul(logits.logSoftmax(1)).sum(new int[] {1}).neg());
    }
}
