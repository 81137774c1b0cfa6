package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.registry.NameTable;

/** Flemme's {@code activation} names; {@code swish} is an alias of {@code silu}. */
public enum Activation {
    RELU, LEAKY_RELU, ELU, SILU, GELU;

    public static final NameTable<Activation> NAMES = NameTable.<Activation>of("activation")
            .add("relu", RELU).add("lrelu", LEAKY_RELU).add("elu", ELU).add("silu", SILU).add("swish", SILU)
            .add("gelu", GELU).build();
}
