package dev.flemme4j.modelzoo.config.loss;

/**
 * One weighted loss term. {@code label} is the YAML name as written (used in logs, e.g. "Dice", "BCEL").
 *
 * @param diceNormalization only meaningful for {@link LossKind#DICE}
 * @param ssim              only for {@link LossKind#SSIM}, else null
 * @param points            only for the point-cloud losses (CD, DCD, EMD), else null
 */
public record LossSpec(String label, LossKind kind, double weight, DiceNormalization diceNormalization, SsimOptions ssim,
        dev.flemme4j.modelzoo.loss.pointcloud.PointLossOptions points) {

    public LossSpec(String label, LossKind kind, double weight, DiceNormalization diceNormalization, SsimOptions ssim) {
        this(label, kind, weight, diceNormalization, ssim, null);
    }

    public LossSpec(String label, LossKind kind, double weight, DiceNormalization diceNormalization) {
        this(label, kind, weight, diceNormalization, null);
    }

    /**
     * Upstream SSIMLoss options: Gaussian window {@code windowSize} with {@code sigma}, constants
     * {@code C1 = (0.01·dataRange)²}, {@code C2 = (0.03·dataRange)²}; with {@code sigmoid} both inputs pass a
     * sigmoid first (upstream {@code normalization: true}).
     */
    public record SsimOptions(int imageDim, int imageChannel, int windowSize, double sigma, double dataRange, boolean sigmoid) {
    }
}
