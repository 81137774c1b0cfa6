package dev.flemme4j.modelzoo.block.attention;

import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.config.encoder.AttentionSettings;
import dev.flemme4j.modelzoo.config.encoder.AttentionSpec;

/**
 * Upstream {@code get_n_x_conv_atten}: {@code N} self-attention or FFT-attention blocks in sequence (each with
 * its skip connection), appended to a building block of {@code channels} channels.
 */
public final class AttentionStack extends ChainBlock {
    private final AttentionSpec spec;
    private final int channels;

    public AttentionStack(AttentionSpec spec, int dims, int channels, AttentionSettings s) {
        this.spec = spec;
        this.channels = channels;
        for (int i = 0; i < spec.repeats(); i++) {
            addChildBlock("atten" + i, spec.fft()
                    ? new FftAttentionBlock(dims, channels, s, true)
                    : new SelfAttentionBlock(channels, dims + 2, s, true));
        }
    }

    @Override
    public String description() {
        return "Attention(" + spec.yamlName() + ", " + channels + ")";
    }
}
