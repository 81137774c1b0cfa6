package dev.flemme4j.modelzoo.encoder;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;

/**
 * Flemme's UNet decoder: each up stage runs {@code blocks(cat(skip, up(x)))}, where {@code up} maps
 * {@code u_i → u_{i+1}} channels (transposed conv then 1×1 conv) and the blocks map {@code 2·u_{i+1} → u_{i+1}}.
 * Consumes {@code NDList[latent, skip_0, ..., skip_{n-1}]} from a {@link UNetEncoder}.
 */
public final class UNetDecoder extends CnnDecoder {
    public UNetDecoder(ImageEncoderSpec spec) {
        super(spec, true);
    }

    /** With every building block injecting {@code context}. */
    public UNetDecoder(ImageEncoderSpec spec, ContextSettings context) {
        super(spec, true, context);
    }
}
