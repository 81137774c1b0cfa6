package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.ImageEncoderSpec;
import dev.flemme4j.modelzoo.encoder.ImageDecoderNetwork;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Flemme's SeM and AE networks: {@code decoder(encoder(x))}, {@code (B, in, *S) → (B, out, *S)}
 * ({@code seg_logits} or {@code recon}; the latent is not exposed, upstream returns it only for inspection).
 */
public final class EncoderDecoderNetwork extends NetworkBlock {
    private final String architecture;
    private final ImageEncoderSpec spec;
    private final ImageEncoderNetwork encoder;
    private final ImageDecoderNetwork decoder;

    public EncoderDecoderNetwork(String architecture, ImageEncoderSpec spec) {
        this.architecture = architecture;
        this.spec = spec;
        ImageEncoders.Pair pair = ImageEncoders.create(spec);
        encoder = addChildBlock("encoder", pair.encoder());
        decoder = addChildBlock("decoder", pair.decoder());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList latent = encoder.forward(ps, inputs, training, params);
        return decoder.forward(ps, latent, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        decoder.initialize(manager, dataType, encoder.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return decoder.getOutputShapes(encoder.getOutputShapes(inputShapes));
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return decoder.exportOnnx(g, encoder.exportOnnx(g, input));
    }

    @Override
    public String description() {
        return architecture + "(" + spec.kind().yamlName() + ", " + spec.spatialDims() + "D)";
    }
}
