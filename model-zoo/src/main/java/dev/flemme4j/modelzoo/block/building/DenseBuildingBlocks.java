package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.BuildingBlockKind;
import dev.flemme4j.modelzoo.config.StageChannels;
import java.util.EnumMap;
import java.util.Map;

/**
 * Registry from a building-block kind to its dense (vector) block: upstream's {@code dense}, {@code double_dense}
 * and {@code res_dense} have the shapes of {@code single}, {@code double} and {@code res} with Linear layers.
 */
public final class DenseBuildingBlocks {
    /** Makes one block {@code in → out} with the network's shared settings. */
    @FunctionalInterface
    public interface Factory {
        NetworkBlock create(DenseBlockSettings settings, int in, int out);
    }

    private static final Map<BuildingBlockKind, Factory> FACTORIES = new EnumMap<>(Map.of(
            BuildingBlockKind.SINGLE, InjectingDenseBlock::new,
            BuildingBlockKind.DOUBLE, DoubleDenseBlock::new,
            BuildingBlockKind.RESIDUAL, ResDenseBlock::new));

    private DenseBuildingBlocks() {
    }

    /**
     * Upstream's {@code MultipleBuildingBlocks} of dense blocks: {@code n} blocks {@code in → hidden → … → out}
     * with the hidden width of {@link StageChannels#hidden}, every block carrying the context.
     */
    public static ChainBlock stage(BuildingBlockKind kind, DenseBlockSettings s, int in, int out, int n) {
        Factory factory = FACTORIES.get(kind);
        java.util.List<Integer> channels = StageChannels.stage(in, out, n);
        return new DenseStage(channels, i -> factory.create(s, channels.get(i), channels.get(i + 1)));
    }

    /** A stage's blocks in order. */
    private static final class DenseStage extends ChainBlock {
        private final java.util.List<Integer> channels;

        DenseStage(java.util.List<Integer> channels, java.util.function.IntFunction<NetworkBlock> block) {
            this.channels = channels;
            for (int i = 0; i + 1 < channels.size(); i++) {
                addChildBlock("block" + i, block.apply(i));
            }
        }

        @Override
        public String description() {
            return "MultipleBuildingBlocks(" + channels.stream().map(String::valueOf).reduce((a, b) -> a + "→" + b).orElse("") + ")";
        }
    }
}
