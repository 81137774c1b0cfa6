package dev.flemme4j.modelzoo.encoder.pointcloud;

import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.config.StageChannels;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/** A chain of point-wise dense blocks: a stage of {@code num_blocks} (upstream MultipleBuildingBlocks) or a dense path. */
final class PointStage extends ChainBlock {
    private final List<Integer> channels;

    private PointStage(int spatialDims, PointBlockSettings s, List<Integer> channels, boolean bareLast) {
        this.channels = List.copyOf(channels);
        for (int i = 0; i + 1 < channels.size(); i++) {
            boolean bare = bareLast && i + 2 == channels.size();
            addChildBlock("block" + i, new PointDense(spatialDims, bare ? null : s, channels.get(i), channels.get(i + 1)));
        }
    }

    /** {@code n} blocks {@code in → hidden → … → out} with upstream's hidden width. */
    static PointStage blocks(int spatialDims, PointBlockSettings s, int in, int out) {
        return new PointStage(spatialDims, s, StageChannels.stage(in, out, s.numBlocks()), false);
    }

    /** One block per step of {@code path}; with {@code bareLast} the last step is a plain Linear (an MLP's output). */
    static PointStage path(int spatialDims, PointBlockSettings s, List<Integer> path, boolean bareLast) {
        return new PointStage(spatialDims, s, path, bareLast);
    }

    boolean isEmpty() {
        return channels.size() < 2;
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return exportChildren(g, input);
    }

    @Override
    public String description() {
        return "Dense path(" + channels.stream().map(String::valueOf).reduce((a, b) -> a + "→" + b).orElse("") + ")";
    }
}
