package dev.flemme4j.modelzoo.config;

/** How per-sample losses are reduced over the batch (model key {@code loss_reduction}). */
public enum LossReduction {
    MEAN, SUM;

    public static final NamedChoice<LossReduction> NAMES = NamedChoice.<LossReduction>of("loss reduction")
            .add("mean", MEAN).add("sum", SUM).build();
}
