package dev.flemme4j.modelzoo.config.context;

import dev.flemme4j.protocol.registry.NameTable;

/**
 * How a context vector {@code e} (time-step or condition embedding, {@code (B, C_e)}) enters a building block's
 * feature map {@code x} (upstream {@code get_context_injection} and {@code ContextInjectionBlock}):
 * <ul>
 *   <li>{@code gate_bias}/{@code gb}: {@code x·(1 + W_g e + b_g) + W_b e} (the bias projection has no bias term);</li>
 *   <li>{@code gate}: {@code x·(1 + W_g e + b_g)};</li>
 *   <li>{@code bias}: {@code x + W_b e};</li>
 *   <li>conditions only: {@code add_to_time} (c is added to the time embedding, then injected as time) and
 *       {@code cat_to_time} (c is concatenated to it, then one wider time injection).</li>
 * </ul>
 */
public enum InjectionKind {
    GATE_BIAS, GATE, BIAS, ADD_TO_TIME, CAT_TO_TIME;

    /** {@code time_injection}. */
    public static final NameTable<InjectionKind> TIME_NAMES = NameTable.<InjectionKind>of("time injection")
            .add("gate_bias", GATE_BIAS).add("gb", GATE_BIAS).add("gate", GATE).add("bias", BIAS)
            .later("cross_atten", "cross_attention", "ca").build();

    /** {@code condition_embedding.condition_injection}. */
    public static final NameTable<InjectionKind> CONDITION_NAMES = NameTable.<InjectionKind>of("condition injection")
            .add("gate_bias", GATE_BIAS).add("gb", GATE_BIAS).add("gate", GATE).add("bias", BIAS)
            .add("add_to_time", ADD_TO_TIME).add("cat_to_time", CAT_TO_TIME)
            .later("cross_atten", "cross_attention", "ca").build();

    /** True for the kinds that fold the condition into the time embedding instead of injecting it separately. */
    public boolean mergesIntoTime() {
        return this == ADD_TO_TIME || this == CAT_TO_TIME;
    }

    /** Whether the injection has a gate projection {@code W_g, b_g}. */
    public boolean gates() {
        return this == GATE_BIAS || this == GATE;
    }

    /** Whether the injection has a bias projection {@code W_b} (no bias term). */
    public boolean biases() {
        return this == GATE_BIAS || this == BIAS;
    }
}
