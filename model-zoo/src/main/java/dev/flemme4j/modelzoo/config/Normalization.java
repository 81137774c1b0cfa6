package dev.flemme4j.modelzoo.config;

/** Flemme's {@code normalization} names for convolutional blocks (applied over the channel axis). */
public enum Normalization {
    BATCH, GROUP, LAYER, INSTANCE;

    public static final NamedChoice<Normalization> NAMES = NamedChoice.<Normalization>of("normalization")
            .add("batch", BATCH).add("group", GROUP).add("layer", LAYER).add("instance", INSTANCE)
            .later("rms").build();
}
