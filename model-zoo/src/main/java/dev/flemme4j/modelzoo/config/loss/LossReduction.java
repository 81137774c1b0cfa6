package dev.flemme4j.modelzoo.config.loss;

import dev.flemme4j.protocol.registry.NameTable;

/** How per-sample losses are reduced over the batch (model key {@code loss_reduction}). */
public enum LossReduction {
    MEAN, SUM;

    public static final NameTable<LossReduction> NAMES = NameTable.<LossReduction>of("loss reduction")
            .add("mean", MEAN).add("sum", SUM).build();
}
