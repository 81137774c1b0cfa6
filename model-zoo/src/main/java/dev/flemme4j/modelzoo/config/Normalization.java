package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.registry.NameTable;

/** Flemme's {@code normalization} names for convolutional blocks (applied over the channel axis). */
public enum Normalization {
    BATCH, GROUP, LAYER, INSTANCE;

    public static final NameTable<Normalization> NAMES = NameTable.<Normalization>of("normalization")
            .add("batch", BATCH).add("group", GROUP).add("layer", LAYER).add("instance", INSTANCE)
            .later("rms").build();
}
