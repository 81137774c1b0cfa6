package dev.flemme4j.modelzoo.block;

import dev.flemme4j.modelzoo.config.StageChannels;
import java.util.List;

/**
 * One stage of {@code n} building blocks, {@code in → hidden → … → hidden → out}, with upstream's hidden
 * width {@link StageChannels#hidden}. Spatial size unchanged.
 */
public final class MultipleBuildingBlocks extends ChainBlock {
    private final List<Integer> channels;

    public MultipleBuildingBlocks(BuildingBlocks.Factory factory, ConvBlockSettings s, int in, int out, int n) {
        channels = StageChannels.stage(in, out, n);
        for (int i = 0; i + 1 < channels.size(); i++) {
            addChildBlock("block" + i, factory.create(s, channels.get(i), channels.get(i + 1)));
        }
    }

    @Override
    public String description() {
        return "MultipleBuildingBlocks(" + channels.stream().map(String::valueOf).reduce((a, b) -> a + "→" + b).orElse("") + ")";
    }
}
