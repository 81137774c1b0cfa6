package dev.flemme4j.modelzoo.encoder.pointcloud;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.encoder.ImageDecoderNetwork;
import java.util.List;

/** A single-input point-cloud decoder as the architectures see decoders: {@code [latent] → (B, N, out)}. */
public final class PointDecoderNetwork extends AbstractBlock implements ImageDecoderNetwork {
    private final NetworkBlock net;

    public PointDecoderNetwork(NetworkBlock net) {
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
    public String exportOnnx(dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder g, List<String> encoderOutputs) {
        return net.exportOnnx(g, encoderOutputs.get(0));
    }

    @Override
    public String description() {
        return net.description();
    }
}
