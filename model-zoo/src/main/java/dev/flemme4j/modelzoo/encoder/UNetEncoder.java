package dev.flemme4j.modelzoo.encoder;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;

/**
 * Flemme's UNet encoder: the {@link CnnEncoder} that also returns the output of each down stage as skip
 * features, {@code NDList[latent, skip_0, ..., skip_{n-1}]} with {@code skip_i: (B, down[i], *(S/(p·Π_{j<i} s_j)))}.
 */
public final class UNetEncoder extends CnnEncoder {
    public UNetEncoder(ImageEncoderSpec spec) {
        super(spec, true);
    }

    /** With every building block injecting {@code context}. */
    public UNetEncoder(ImageEncoderSpec spec, ContextSettings context) {
        super(spec, true, context);
    }
}
