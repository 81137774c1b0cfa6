package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.config.StageChannels;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * One stage of {@code n} building blocks, {@code in → hidden → … → hidden → out}, with upstream's hidden
 * width {@link StageChannels#hidden}. Spatial size unchanged.
 */
public final class MultipleBuildingBlocks extends NetworkBlock {
    private final List<Integer> channels;

    public MultipleBuildingBlocks(BuildingBlocks.Factory factory, ConvBlockSettings s, int in, int out, int n) {
        channels = StageChannels.stage(in, out, n);
        for (int i = 0; i + 1 < channels.size(); i++) {
            addChildBlock("block" + i, factory.create(s, channels.get(i), channels.get(i + 1)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(runChildren(ps, inputs.singletonOrThrow(), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {chainShape(inputShapes[0])};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return exportChildren(g, input);
    }

    @Override
    public String description() {
        return "MultipleBuildingBlocks(" + channels.stream().map(String::valueOf).reduce((a, b) -> a + "→" + b).orElse("") + ")";
    }
}
