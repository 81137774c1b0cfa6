package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.registry.NameTable;

/** Flemme's {@code dsample_function}: strided conv (kernel 2s - s%2, stride s, padding s//2) or pooling. */
public enum DownSamplingKind {
    CONV, MAX_POOLING, AVG_POOLING;

    public static final NameTable<DownSamplingKind> NAMES = NameTable.<DownSamplingKind>of("down-sampling function")
            .add("conv", CONV).add("max_pooling", MAX_POOLING).add("avg_pooling", AVG_POOLING)
            .later("interpolate").build();
}
