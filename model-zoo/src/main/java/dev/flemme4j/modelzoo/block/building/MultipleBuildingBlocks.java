package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.attention.AttentionStack;
import dev.flemme4j.modelzoo.block.attention.ChannelAttentionBlock;
import dev.flemme4j.modelzoo.block.embedding.ContextInjection;
import dev.flemme4j.modelzoo.config.StageChannels;
import dev.flemme4j.modelzoo.config.encoder.AttentionSettings;
import dev.flemme4j.modelzoo.config.encoder.AttentionSpec;
import dev.flemme4j.modelzoo.config.encoder.ChannelAttentionSpec;
import java.util.List;

/**
 * One stage of {@code n} building blocks, {@code in → hidden → … → hidden → out}, with upstream's hidden
 * width {@link StageChannels#hidden}. Spatial size unchanged.
 */
public final class MultipleBuildingBlocks extends ChainBlock {
    private final List<Integer> channels;

    public MultipleBuildingBlocks(BuildingBlocks.Factory factory, ConvBlockSettings s, int in, int out, int n) {
        this(factory, s, in, out, n, AttentionSpec.NONE, AttentionSettings.DEFAULT);
    }

    /**
     * With attention: upstream passes the stage's {@code atten} to every building block, which ends with it
     * (after the activation of {@code single}, after the second conv of {@code double}, after the residual sum
     * and activation of {@code res}), so each block is followed by its own {@link AttentionStack}.
     */
    public MultipleBuildingBlocks(BuildingBlocks.Factory factory, ConvBlockSettings s, int in, int out, int n,
            AttentionSpec atten, AttentionSettings attenSettings) {
        this(factory, s, in, out, n, atten, attenSettings, null);
    }

    /** With attention and the stage's closing channel attention ({@code null} for none). */
    public MultipleBuildingBlocks(BuildingBlocks.Factory factory, ConvBlockSettings s, int in, int out, int n,
            AttentionSpec atten, AttentionSettings attenSettings, ChannelAttentionSpec channelAttention) {
        channels = StageChannels.stage(in, out, n);
        for (int i = 0; i + 1 < channels.size(); i++) {
            int blockIn = channels.get(i);
            int blockOut = channels.get(i + 1);
            NetworkBlock block = factory.create(s, blockIn, blockOut);
            if (atten.present() && s.context().present() && block instanceof ConvBlock) {
                // upstream's single block runs its attention before its context injection: move the injection
                // behind the attention stack (same layers, same parameters)
                addChildBlock("block" + i, factory.create(s.withoutContext(), blockIn, blockOut));
                addChildBlock("atten" + i, new AttentionStack(atten, s.dims(), blockOut, attenSettings));
                addChildBlock("cinj" + i, new ContextInjection(s.context(), s.dims(), blockOut));
                continue;
            }
            addChildBlock("block" + i, block);
            if (atten.present()) {
                addChildBlock("atten" + i, new AttentionStack(atten, s.dims(), blockOut, attenSettings));
            }
        }
        if (channelAttention != null) {
            addChildBlock("ca", new ChannelAttentionBlock(s.dims(), out, channelAttention));
        }
    }

    @Override
    public String description() {
        return "MultipleBuildingBlocks(" + channels.stream().map(String::valueOf).reduce((a, b) -> a + "→" + b).orElse("") + ")";
    }
}
