package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ActivationLayer;
import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.config.Activation;

/**
 * Upstream's DenseBlock on vectors {@code (B, in) → (B, out)}: Linear (with bias) → normalisation → activation
 * (dropout off, as CNN encoders build it). A null activation is the identity.
 */
public final class DenseBlock extends ChainBlock {
    private final int in;
    private final int out;

    public DenseBlock(ConvBlockSettings s, int in, int out, Activation activation) {
        this.in = in;
        this.out = out;
        addChildBlock("linear", new Dense(in, out, true));
        if (s != null) {
            addChildBlock("norm", new ConvBlockSettings(0, s.kernel(), false, s.normalization(), s.normGroups(), s.activation())
                    .normalizationLayer(out));
        }
        if (activation != null) {
            addChildBlock("act", new ActivationLayer(activation));
        }
    }

    @Override
    public String description() {
        return "DenseBlock(" + in + "→" + out + ")";
    }
}
