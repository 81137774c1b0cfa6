package dev.flemme4j.modelzoo.config.loss;

import static dev.flemme4j.modelzoo.config.loss.LossUse.CLASSIFICATION;
import static dev.flemme4j.modelzoo.config.loss.LossUse.DISTRIBUTION;
import static dev.flemme4j.modelzoo.config.loss.LossUse.IMAGE;
import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER;

import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/**
 * The registry of loss names ({@code *_losses[].name}, {@code distribution_loss.name}): each loss registers once
 * with its kernel, its keys and the lists it may stand in. Every loss is computed per sample and reduced over the
 * batch by the model's {@code loss_reduction}.
 */
public final class LossTypes {
    public static final ComponentKind<LossType> KIND = new ComponentKind<>("loss", "loss",
            "losses (model.segmentation_losses, reconstruction_losses, classification_losses, distribution_loss)");

    /** Keys of every loss entry. */
    public static final KeySet COMMON = KeySet.of(
            Key.required("name", NAME, "the loss"),
            Key.of("weight", NUMBER, "1.0", "weight of this term in the sum"),
            Key.of("reduction", NAME, null, "per-loss reduction").withoutEffect("the model's loss_reduction applies"
                    + " (upstream overwrites a per-loss value too)"));

    /** Keys of CD and DCD entries. */
    private static final KeySet POINTS = COMMON.plus(
            Key.of("squared_distance", BOOL, "true", "squared nearest-neighbour distances; false: distances"),
            Key.of("extended", BOOL, "false", "the larger of the two directions instead of their mean"));

    static {
        KIND.register(LossType.of("Dice", "soft Dice loss", LossKind.DICE, COMMON.plus(
                Key.of("normalization", NAME, "sigmoid", "sigmoid or softmax over the prediction channels")), IMAGE, CLASSIFICATION));
        KIND.register(LossType.of("BCEL", "binary cross-entropy with logits", LossKind.BCE_WITH_LOGITS, COMMON,
                IMAGE, CLASSIFICATION).alsoNamed("BCE"));
        KIND.register(LossType.of("CE", "cross-entropy over the channel axis", LossKind.CROSS_ENTROPY, COMMON,
                IMAGE, CLASSIFICATION));
        KIND.register(LossType.of("MSE", "mean squared error", LossKind.MSE, COMMON, IMAGE, CLASSIFICATION));
        KIND.register(LossType.of("L1", "mean absolute error", LossKind.L1, COMMON, IMAGE, CLASSIFICATION));
        KIND.register(LossType.of("SSIM", "1 - SSIM with a Gaussian window", LossKind.SSIM, COMMON.plus(
                Key.of("image_dim", INT, "2", "2 or 3; must match the prediction"),
                Key.of("image_channel", INT, "1", "must match model.encoder.out_channel"),
                Key.of("window_size", INT, "11", "odd Gaussian window size"),
                Key.of("sigma", NUMBER, "1.5", "Gaussian window sigma"),
                Key.of("data_range", NUMBER, "1.0", "value range for the SSIM constants"),
                Key.of("normalization", BOOL, "true", "pass both inputs through a sigmoid first")), IMAGE));
        KIND.register(LossType.of("CD", "Chamfer distance between point clouds", LossKind.CHAMFER, POINTS, IMAGE).alsoNamed("Chamfer"));
        KIND.register(LossType.of("DCD", "density-aware Chamfer distance", LossKind.DENSITY_CHAMFER, POINTS.plus(
                Key.of("alpha", NUMBER, "1000", "sharpness of exp(-alpha·d²)"),
                Key.of("n_lambda", NUMBER, "1", "exponent of the shared-neighbour count"),
                Key.of("non_reg", BOOL, "false", "size ratios at least 1")), IMAGE).alsoNamed("DChamfer"));
        KIND.register(LossType.of("EMD", "earth mover's distance (exact matching)", LossKind.EMD, COMMON.plus(
                Key.of("squared_distance", BOOL, "true", "mean matched squared distance; false: mean distance"),
                Key.of("eps", NUMBER, "0.005", "auction step").withoutEffect("the matching is solved exactly"),
                Key.of("iters", INT, "50", "auction rounds").withoutEffect("the matching is solved exactly")), IMAGE));
        KIND.register(LossType.of("KL", "KL divergence of the latent from N(0, 1)", LossKind.KL, COMMON, DISTRIBUTION));
    }

    private LossTypes() {
    }
}
