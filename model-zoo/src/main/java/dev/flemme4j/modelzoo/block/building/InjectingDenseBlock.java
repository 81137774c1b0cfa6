package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ActivationLayer;
import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.DropoutLayer;
import dev.flemme4j.modelzoo.block.embedding.ContextInjection;

/**
 * Upstream's {@code DenseBlock} with all its options, on vectors {@code (B, in) → (B, out)}: Linear →
 * normalisation → activation → dropout, then the context injection when the block carries one. (The
 * {@link DenseBlock} of CNN encoders is the special case without dropout and context.)
 */
public final class InjectingDenseBlock extends ChainBlock {
    private final int in;
    private final int out;

    /**
     * @param bias      the Linear's bias (upstream turns it off for residual shortcuts)
     * @param activated false for the second layer of a residual block and for shortcuts
     * @param dropout   false where upstream builds the layer without dropout (shortcuts)
     * @param injects   false where upstream builds the layer without context (second layers, shortcuts)
     */
    InjectingDenseBlock(DenseBlockSettings s, int in, int out, boolean bias, boolean activated, boolean dropout,
            boolean injects) {
        this.in = in;
        this.out = out;
        addChildBlock("linear", new Dense(in, out, bias));
        addChildBlock("norm", s.normalizationLayer(out));
        if (activated) {
            addChildBlock("act", new ActivationLayer(s.activation()));
        }
        if (dropout && s.dropout() > 0) {
            addChildBlock("dropout", new DropoutLayer(s.dropout()));
        }
        if (injects && s.context().present()) {
            addChildBlock("cinj", new ContextInjection(s.context(), 0, out));
        }
    }

    /** Flemme's {@code dense}/{@code fc} building block. */
    public InjectingDenseBlock(DenseBlockSettings s, int in, int out) {
        this(s, in, out, true, true, true, true);
    }

    @Override
    public String description() {
        return "DenseBlock(" + in + "→" + out + ")";
    }
}
