package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ActivationLayer;
import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.conv.Convolution;
import dev.flemme4j.modelzoo.block.embedding.ContextInjection;

/**
 * Flemme's {@code single}/{@code conv} block: conv → norm → activation on {@code (B, in, *L) → (B, out, *L)}
 * (odd kernel, padding (k-1)/2), then the settings' {@link ContextInjection} when there is one. Depthwise: a
 * per-channel conv followed by a bias-free 1×1 projection.
 */
public final class ConvBlock extends ChainBlock {
    private final int in;
    private final int out;
    private final boolean activated;

    /** The standard block: kernel from settings, conv bias on, activation on, context injected last. */
    public ConvBlock(ConvBlockSettings s, int in, int out) {
        this(s, in, out, s.kernel(), true, true, true);
    }

    /**
     * @param bias       conv bias (upstream turns it off for residual shortcuts)
     * @param activated  false for the second conv of a residual block and for shortcuts
     * (never injects context: upstream builds those convs without it)
     */
    public ConvBlock(ConvBlockSettings s, int in, int out, int kernel, boolean bias, boolean activated) {
        this(s, in, out, kernel, bias, activated, false);
    }

    private ConvBlock(ConvBlockSettings s, int in, int out, int kernel, boolean bias, boolean activated, boolean injects) {
        this.in = in;
        this.out = out;
        this.activated = activated;
        int padding = (kernel - 1) / 2;
        if (s.depthwise()) {
            addChildBlock("conv", new Convolution(s.dims(), in, in, kernel, 1, padding, in, bias));
            if (in != out) {
                addChildBlock("proj", new Convolution(s.dims(), in, out, 1, 1, 0, 1, false));
            }
        } else {
            addChildBlock("conv", new Convolution(s.dims(), in, out, kernel, 1, padding, 1, bias));
        }
        addChildBlock("norm", s.normalizationLayer(out));
        if (activated) {
            addChildBlock("act", new ActivationLayer(s.activation()));
        }
        if (injects && s.context().present()) {
            addChildBlock("cinj", new ContextInjection(s.context(), s.dims(), out));
        }
    }

    @Override
    public String description() {
        return "ConvBlock(" + in + "→" + out + (activated ? "" : ", no activation") + ")";
    }
}
