package dev.flemme4j.modelzoo.loss;

import dev.flemme4j.modelzoo.config.loss.LossSpec;

/** Registry from a parsed loss to its per-sample implementation. */
public final class SampleLosses {
    private SampleLosses() {
    }

    public static SampleLoss create(LossSpec s) {
        return switch (s.kind()) {
            case DICE -> new DiceLoss(s.diceNormalization());
            case BCE_WITH_LOGITS -> new BceWithLogitsLoss();
            case CROSS_ENTROPY -> new SoftCrossEntropyLoss();
            case MSE -> ElementwiseLoss.mse();
            case L1 -> ElementwiseLoss.l1();
            case SSIM -> new SsimLoss(s.ssim());
            case KL -> throw new IllegalArgumentException("KL compares distributions; use WeightedLossSum.variational");
        };
    }
}
