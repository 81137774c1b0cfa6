package dev.flemme4j.modelzoo.block.transformer;

import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.BuildingBlockKind;
import dev.flemme4j.modelzoo.config.StageChannels;
import java.util.List;

/**
 * One stage of {@code n} transformer building blocks on a fixed patch grid (upstream MultipleBuildingBlocks
 * with a {@code vit}/{@code swin}/{@code double_swin}/{@code res_swin} block): widths
 * {@code in → hidden → … → out} as {@link StageChannels#stage}, block {@code i} with drop-path rate
 * {@code dropPaths[i]} and, for Swin, its windows shifted by {@code (i % 2) · min(window)/2}.
 */
public final class TransformerStage extends ChainBlock {
    private final List<Integer> channels;

    public TransformerStage(BuildingBlockKind kind, TransformerBlockSettings s, int in, int out, int n, int heads,
            double[] dropPaths, List<Integer> grid, List<Integer> window) {
        channels = StageChannels.stage(in, out, n);
        int half = window.stream().mapToInt(Integer::intValue).min().orElse(0) / 2;
        for (int i = 0; i + 1 < channels.size(); i++) {
            int a = channels.get(i);
            int b = channels.get(i + 1);
            int shift = (i % 2) * half;
            NetworkBlock block = switch (kind) {
                case VIT -> TransformerBlock.vit(s, a, b, heads, dropPaths[i]);
                case SWIN -> TransformerBlock.swin(s, a, b, heads, dropPaths[i], grid, window, shift);
                case DOUBLE_SWIN -> new SwinPair(false, s, a, b, heads, dropPaths[i], grid, window, shift);
                case RES_SWIN -> new SwinPair(true, s, a, b, heads, dropPaths[i], grid, window, shift);
                default -> throw new IllegalArgumentException(kind + " is not a transformer building block");
            };
            addChildBlock("block" + i, block);
        }
    }

    @Override
    public String description() {
        return "TransformerStage(" + channels.stream().map(String::valueOf).reduce((a, b) -> a + "→" + b).orElse("") + ")";
    }
}
