package dev.flemme4j.modelzoo.config;

/** Segmentation losses flemme4j implements; {@code BCE} and {@code BCEL} are both BCE-with-logits upstream. */
public enum LossKind {
    DICE, BCE_WITH_LOGITS, CROSS_ENTROPY;

    public static final NamedChoice<LossKind> SEGMENTATION = NamedChoice.<LossKind>of("loss")
            .add("Dice", DICE).add("BCEL", BCE_WITH_LOGITS).add("BCE", BCE_WITH_LOGITS).add("CE", CROSS_ENTROPY)
            .later("MSE", "L1", "SSIM", "Boundary", "KL", "DMSE", "EMD", "CD", "Chamfer", "DCD", "DChamfer", "Sinkhorn",
                    "GNE", "GEE")
            .build();
}
