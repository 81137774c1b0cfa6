package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.VariationalModelSpec;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.encoder.ImageDecoderNetwork;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Flemme's VAE network. {@code z0 = encoder(x)} is a map {@code (B, C, *l)} or a vector {@code (B, C)};
 * {@code mean = Linear_C→C(z0)}, {@code logvar = clamp(Linear_C→C(z0), -30, 20)} over the channel axis;
 * training samples {@code z = mean + exp(logvar/2)·ε}, inference uses {@code z = mean}. Returns
 * {@code [recon, mean, logvar]}; the ONNX export is the deterministic path {@code x → decoder(mean)}.
 */
public final class VariationalNetwork extends NetworkBlock {
    public static final float LOGVAR_MIN = -30f;
    public static final float LOGVAR_MAX = 20f;

    private final VariationalModelSpec spec;
    private final ImageEncoderNetwork encoder;
    private final Dense meanLayer;
    private final Dense logvarLayer;
    private final ImageDecoderNetwork decoder;

    public VariationalNetwork(VariationalModelSpec spec) {
        this.spec = spec;
        ImageEncoders.Pair pair = ImageEncoders.create(spec.encoder());
        int c = spec.encoder().encoderOutChannel();
        encoder = addChildBlock("encoder", pair.encoder());
        meanLayer = addChildBlock("mean_layer", new Dense(c, c, true));
        logvarLayer = addChildBlock("logvar_layer", new Dense(c, c, true));
        decoder = addChildBlock("decoder", pair.decoder());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z0 = encoder.forward(ps, inputs, training, params).head();
        NDArray mean = meanLayer.forward(ps, new NDList(z0), training, params).head();
        NDArray logvar = logvarLayer.forward(ps, new NDList(z0), training, params).head().clip(LOGVAR_MIN, LOGVAR_MAX);
        NDArray z = mean;
        if (training) {
            NDArray eps = mean.getManager().randomNormal(0f, 1f, mean.getShape(), mean.getDataType(), mean.getDevice());
            z = mean.add(logvar.mul(0.5f).exp().mul(eps));
        }
        NDArray recon = decoder.forward(ps, new NDList(z), training, params).head();
        return new NDList(recon, mean, logvar);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape z = encoder.getOutputShapes(inputShapes)[0];
        meanLayer.initialize(manager, dataType, z);
        logvarLayer.initialize(manager, dataType, z);
        decoder.initialize(manager, dataType, z);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape z = encoder.getOutputShapes(inputShapes)[0];
        return new Shape[] {decoder.getOutputShapes(new Shape[] {z})[0], z, z};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String z0 = encoder.exportOnnx(g, input).get(0);
        int spatial = spec.encoder().vectorEmbedding() ? 0 : spec.encoder().spatialDims();
        String mean = meanLayer.exportOnnx(g, z0, spatial);
        return decoder.exportOnnx(g, List.of(mean));
    }

    @Override
    public String description() {
        return "VAE(" + spec.encoder().kind().yamlName() + ", " + spec.encoder().spatialDims() + "D, latent "
                + (spec.encoder().vectorEmbedding() ? "vector" : "map") + ")";
    }
}
