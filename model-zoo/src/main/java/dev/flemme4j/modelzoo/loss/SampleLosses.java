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
            case CHAMFER -> new dev.flemme4j.modelzoo.loss.pointcloud.ChamferLoss(pointOptions(s));
            case DENSITY_CHAMFER -> new dev.flemme4j.modelzoo.loss.pointcloud.DensityAwareChamferLoss(pointOptions(s));
            case EMD -> new dev.flemme4j.modelzoo.loss.pointcloud.EmdLoss(pointOptions(s));
            case KL -> throw new IllegalArgumentException("KL compares distributions; use WeightedLossSum.variational");
        };
    }

    private static dev.flemme4j.modelzoo.loss.pointcloud.PointLossOptions pointOptions(LossSpec s) {
        return s.points() != null ? s.points() : dev.flemme4j.modelzoo.loss.pointcloud.PointLossOptions.DEFAULTS;
    }
}
