package dev.flemme4j.modelzoo.config.context;

import dev.flemme4j.modelzoo.config.Activation;

/**
 * The model's time-step embedding ({@code time_channel}, {@code time_injection}, {@code time_activation}):
 * a sinusoidal embedding of {@code t: (B,)} to {@code channel/4} values, then two dense layers
 * {@code channel/4 → channel → channel} (activation after the first only), injected into every building block.
 *
 * @param channel 0 for none; otherwise a multiple of 8, at least 16 (upstream's frequency count is
 *                {@code channel/8}, and {@code channel/8 − 1} divides the log-spaced exponent)
 */
public record TimeEmbeddingSpec(int channel, InjectionKind injection, Activation activation) {
    public static final TimeEmbeddingSpec NONE = new TimeEmbeddingSpec(0, InjectionKind.GATE_BIAS, Activation.SILU);

    public boolean present() {
        return channel > 0;
    }
}
