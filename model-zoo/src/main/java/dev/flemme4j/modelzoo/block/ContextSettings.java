package dev.flemme4j.modelzoo.block;

import dev.flemme4j.modelzoo.config.context.InjectionKind;

/**
 * What every building block of a network injects (upstream binds {@code time_channel}, {@code time_injection},
 * {@code condition_channel}, {@code condition_injection} and {@code condition_first} into the block factory).
 * A block with any of it ends its first convolution with a {@link ContextInjection}.
 *
 * @param timeChannel      width of the time-step embedding, 0 for none
 * @param conditionChannel width of an injected condition embedding, 0 for none
 * @param conditionFirst   inject the condition before the time step
 */
public record ContextSettings(int timeChannel, InjectionKind timeInjection, int conditionChannel,
        InjectionKind conditionInjection, boolean conditionFirst) {
    public static final ContextSettings NONE = new ContextSettings(0, InjectionKind.GATE_BIAS, 0, InjectionKind.GATE_BIAS, false);

    public boolean present() {
        return timeChannel > 0 || conditionChannel > 0;
    }
}
