package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.BuildingBlockKind;
import java.util.EnumMap;
import java.util.Map;

/** Registry from a building-block kind to the constructor of its block. */
public final class BuildingBlocks {
    /** Makes one block {@code in → out} with the network's shared settings. */
    @FunctionalInterface
    public interface Factory {
        NetworkBlock create(ConvBlockSettings settings, int in, int out);
    }

    private static final Map<BuildingBlockKind, Factory> FACTORIES = new EnumMap<>(Map.of(
            BuildingBlockKind.SINGLE, ConvBlock::new,
            BuildingBlockKind.DOUBLE, DoubleConvBlock::new,
            BuildingBlockKind.RESIDUAL, ResConvBlock::new));

    private BuildingBlocks() {
    }

    public static Factory of(BuildingBlockKind kind) {
        return FACTORIES.get(kind);
    }
}
