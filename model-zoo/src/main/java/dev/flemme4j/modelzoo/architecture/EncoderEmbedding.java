package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/** An image encoder (its latent only) used as a condition embedder, as upstream's {@code get_embedding} allows. */
final class EncoderEmbedding extends NetworkBlock {
    private final ImageEncoderNetwork encoder;

    EncoderEmbedding(ImageEncoderNetwork encoder) {
        this.encoder = addChildBlock("encoder", encoder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(encoder.forward(ps, inputs, training, params).get(0));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {encoder.getOutputShapes(inputShapes)[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return encoder.exportOnnx(g, input).get(0);
    }

    @Override
    public String description() {
        return "EncoderEmbedding(" + encoder.description() + ")";
    }
}
