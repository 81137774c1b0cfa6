package dev.flemme4j.modelzoo.config;

/**
 * Losses flemme4j implements (upstream {@code get_loss}); {@code BCE} and {@code BCEL} are both
 * BCE-with-logits upstream. {@link #KL} compares distributions and is only valid as a VAE's
 * {@code distribution_loss}.
 */
public enum LossKind {
    DICE, BCE_WITH_LOGITS, CROSS_ENTROPY, MSE, L1, SSIM, KL, CHAMFER, DENSITY_CHAMFER, EMD;

    private static final String[] LATER = {"Boundary", "DMSE", "Sinkhorn",
        "GNE", "GraphNodeLoss", "GEE", "GraphEdgeLoss"};

    /** Losses between a prediction map and a target map (segmentation and reconstruction lists). */
    public static final NamedChoice<LossKind> IMAGE = NamedChoice.<LossKind>of("loss")
            .add("Dice", DICE).add("BCEL", BCE_WITH_LOGITS).add("BCE", BCE_WITH_LOGITS).add("CE", CROSS_ENTROPY)
            .add("MSE", MSE).add("L1", L1).add("SSIM", SSIM)
            .add("CD", CHAMFER).add("Chamfer", CHAMFER).add("DCD", DENSITY_CHAMFER).add("DChamfer", DENSITY_CHAMFER).add("EMD", EMD)
            .later("KL").later(LATER).build();

    /** Segmentation losses (kept for callers of the first slice; same table as {@link #IMAGE}). */
    public static final NamedChoice<LossKind> SEGMENTATION = IMAGE;

    /** Losses between class logits {@code (B, classes)} and a one-hot or probability target. */
    public static final NamedChoice<LossKind> CLASSIFICATION = NamedChoice.<LossKind>of("classification loss")
            .add("CE", CROSS_ENTROPY).add("BCEL", BCE_WITH_LOGITS).add("BCE", BCE_WITH_LOGITS)
            .add("MSE", MSE).add("L1", L1).add("Dice", DICE)
            .later("SSIM", "KL", "EMD", "CD", "Chamfer", "DCD", "DChamfer").later(LATER).build();

    /** {@code distribution_loss} of a VAE. */
    public static final NamedChoice<LossKind> DISTRIBUTION = NamedChoice.<LossKind>of("distribution loss")
            .add("KL", KL).later("DMSE").build();
}
