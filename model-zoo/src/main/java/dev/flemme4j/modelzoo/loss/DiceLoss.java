package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;
import dev.flemme4j.modelzoo.config.loss.DiceNormalization;

/**
 * Soft Dice as upstream: after normalising the logits (sigmoid by default), per sample and channel
 * {@code 1 - max(2Σxy, 1e-8) / max(Σx² + Σy², 1e-8)}, averaged over channels → {@code (B)}.
 */
public final class DiceLoss implements SampleLoss {
    private static final float FLOOR = 1e-8f;
    private final DiceNormalization normalization;

    public DiceLoss(DiceNormalization normalization) {
        this.normalization = normalization;
    }

    @Override
    public NDArray perSample(NDArray logits, NDArray target) {
        NDArray x = switch (normalization) {
            case SIGMOID -> ai.djl.nn.Activation.sigmoid(logits);
            case SOFTMAX -> logits.softmax(1);
            case NONE -> logits;
        };
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        x = x.reshape(b, c, -1);
        NDArray y = target.reshape(b, c, -1);
        NDArray numerator = x.mul(y).sum(new int[] {2}).mul(2f).maximum(FLOOR);
        NDArray denominator = x.square().sum(new int[] {2}).add(y.square().sum(new int[] {2})).maximum(FLOOR);
        return numerator.div(denominator).neg().add(1f).mean(new int[] {1});
    }
}
