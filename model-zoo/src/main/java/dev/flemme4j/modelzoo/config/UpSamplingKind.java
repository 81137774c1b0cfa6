package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.registry.NameTable;

/** Flemme's {@code usample_function}: transposed conv (kernel 2s - s%2, stride s, padding s//2). */
public enum UpSamplingKind {
    CONV;

    public static final NameTable<UpSamplingKind> NAMES = NameTable.<UpSamplingKind>of("up-sampling function")
            .add("conv", CONV).later("interpolate").build();
}
