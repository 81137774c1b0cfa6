package dev.flemme4j.modelzoo.block.conv;

import dev.flemme4j.modelzoo.block.ChainBlock;

/**
 * Upstream's UpSamplingBlock with {@code usample_function: conv}, {@code (B, in, *L) → (B, out, *(L·s))}: a
 * transposed conv {@code in → in} (kernel 2s - s%2, stride s, padding s/2, with bias; none when s = 1), then
 * a 1×1 conv with bias when the width changes.
 */
public final class UpSampling extends ChainBlock {
    private final String summary;

    public UpSampling(int dims, int in, int out, int scale) {
        if (scale > 1) {
            addChildBlock("conv", TransposedConvolution.upsampling(dims, in, in, scale));
        }
        if (in != out) {
            addChildBlock("proj", new Convolution(dims, in, out, 1, 1, 0, 1, true));
        }
        summary = "UpSampling(" + in + "→" + out + ", ×" + scale + ")";
    }

    @Override
    public String description() {
        return summary;
    }
}
