package dev.flemme4j.modelzoo.block.conv;

import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.config.DownSamplingKind;

/**
 * Upstream's DownSamplingBlock, {@code (B, in, *L) → (B, out, *(L/s))}: a strided conv (kernel 2s - s%2,
 * stride s, padding s/2, with bias), or pooling followed by a bias-free 1×1 conv when the width changes.
 * Also used as the patch projection of the image.
 */
public final class DownSampling extends ChainBlock {
    private final String summary;

    public DownSampling(int dims, int in, int out, DownSamplingKind kind, int scale) {
        if (kind == DownSamplingKind.CONV) {
            addChildBlock("conv", new Convolution(dims, in, out, 2 * scale - scale % 2, scale, scale / 2, 1, true));
        } else {
            addChildBlock("pooling", new Pooling(dims, scale, kind == DownSamplingKind.MAX_POOLING));
            if (in != out) {
                addChildBlock("proj", new Convolution(dims, in, out, 1, 1, 0, 1, false));
            }
        }
        summary = "DownSampling(" + in + "→" + out + ", ×1/" + scale + ", " + kind.name().toLowerCase() + ")";
    }

    @Override
    public String description() {
        return summary;
    }
}
