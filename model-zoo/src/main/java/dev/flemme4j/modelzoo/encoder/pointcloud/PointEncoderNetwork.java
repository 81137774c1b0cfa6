package dev.flemme4j.modelzoo.encoder.pointcloud;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import java.util.List;

/**
 * A point-cloud encoder as the architectures see encoders: {@code (B, N, D) → [latent]}. The architectures
 * are written against {@link ImageEncoderNetwork}; the point-cloud blocks keep their single-output form.
 */
public final class PointEncoderNetwork extends AbstractBlock implements ImageEncoderNetwork {
    private final NetworkBlock net;

    public PointEncoderNetwork(NetworkBlock net) {
        this.net = addChildBlock("net", net);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return net.forward(ps, new NDList(inputs.head()), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        net.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return net.getOutputShapes(new Shape[] {inputShapes[0]});
    }

    @Override
    public List<String> exportOnnx(dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder g, String input) {
        return List.of(net.exportOnnx(g, input));
    }

    @Override
    public String description() {
        return net.description();
    }
}
