package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ChainBlock;

/** Flemme's {@code double}/{@code double_conv} block: two {@link ConvBlock}s, {@code in → out → out}; only the first injects context. */
public final class DoubleConvBlock extends ChainBlock {
    private final int in;
    private final int out;

    public DoubleConvBlock(ConvBlockSettings s, int in, int out) {
        this.in = in;
        this.out = out;
        addChildBlock("conv1", new ConvBlock(s, in, out));
        addChildBlock("conv2", new ConvBlock(s.withoutContext(), out, out));
    }

    @Override
    public String description() {
        return "DoubleConvBlock(" + in + "→" + out + ")";
    }
}
