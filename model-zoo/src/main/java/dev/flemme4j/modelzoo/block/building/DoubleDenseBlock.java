package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ChainBlock;

/**
 * Flemme's {@code double_dense}/{@code double_fc} block on {@code (B, in) → (B, out)}: two activated dense
 * layers {@code in → out → out}; only the first injects the context.
 */
public final class DoubleDenseBlock extends ChainBlock {
    private final int in;
    private final int out;

    public DoubleDenseBlock(DenseBlockSettings s, int in, int out) {
        this.in = in;
        this.out = out;
        addChildBlock("dense1", new InjectingDenseBlock(s, in, out));
        addChildBlock("dense2", new InjectingDenseBlock(s, out, out, true, true, true, false));
    }

    @Override
    public String description() {
        return "DoubleDenseBlock(" + in + "→" + out + ")";
    }
}
