package dev.flemme4j.modelzoo.config.loss;

/**
 * The loss kernels flemme4j implements; {@link LossTypes} registers the YAML names ({@code BCE} and {@code BCEL}
 * are both BCE-with-logits upstream). {@link #KL} compares distributions and is only valid as a VAE's
 * {@code distribution_loss}.
 */
public enum LossKind {
    DICE, BCE_WITH_LOGITS, CROSS_ENTROPY, MSE, L1, SSIM, KL, CHAMFER, DENSITY_CHAMFER, EMD;
}
