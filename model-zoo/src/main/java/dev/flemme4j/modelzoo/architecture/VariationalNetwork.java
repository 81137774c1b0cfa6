package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.VariationalModelSpec;
import dev.flemme4j.modelzoo.block.BlockContext;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.context.CombineCondition;
import dev.flemme4j.modelzoo.config.context.ConditionEmbeddingSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
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
 *
 * <p>Conditional (upstream's CVAE): the inputs are {@code [x, c]}; {@code z0 = encoder(x ⊕ C_e(c))} and
 * {@code recon = decoder(z ⊕ C_d(c))}, {@code ⊕} being add or channel concatenation (a vector embedding is
 * broadcast over the image). The mean/logvar heads see the encoder's latent only, as upstream's.
 */
public final class VariationalNetwork extends NetworkBlock implements LatentCodec {
    public static final float LOGVAR_MIN = -30f;
    public static final float LOGVAR_MAX = 20f;

    private final VariationalModelSpec spec;
    private final ConditionSides condition;
    private final ImageEncoderNetwork encoder;
    private final Dense meanLayer;
    private final Dense logvarLayer;
    private final ImageDecoderNetwork decoder;

    public VariationalNetwork(VariationalModelSpec spec) {
        this.spec = spec;
        ConditionEmbeddingSpec cond = spec.context().condition();
        if (cond != null && cond.combine() == CombineCondition.INJECTION) {
            throw new IllegalArgumentException("VAE joins a condition by add or cat only (ModelSpecs refuses injection)");
        }
        condition = new ConditionSides("VAE", cond, this::addChildBlock);
        ImageEncoderSpec e = spec.encoder();
        int extraIn = condition.extraInputChannels();
        ImageEncoders.Pair pair = ImageEncoders.create(extraIn == 0 ? e : e.withInChannel(e.inChannel() + extraIn),
                ContextSettings.NONE, condition.extraLatentChannels());
        int c = e.encoderOutChannel();
        encoder = addChildBlock("encoder", pair.encoder());
        meanLayer = addChildBlock("mean_layer", new Dense(c, c, true));
        logvarLayer = addChildBlock("logvar_layer", new Dense(c, c, true));
        decoder = addChildBlock("decoder", pair.decoder());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray c = spec.context().conditional() && inputs.size() > 1 ? inputs.get(1) : null;
        NDArray x = condition.encoder(ps, inputs.get(0), c, training, params).joined();
        NDArray z0 = encoder.forward(ps, new NDList(x), training, params).head();
        NDArray mean = meanLayer.forward(ps, new NDList(z0), training, params).head();
        NDArray logvar = logvarLayer.forward(ps, new NDList(z0), training, params).head().clip(LOGVAR_MIN, LOGVAR_MAX);
        NDArray z = mean;
        if (training) {
            NDArray eps = mean.getManager().randomNormal(0f, 1f, mean.getShape(), mean.getDataType(), mean.getDevice());
            z = mean.add(logvar.mul(0.5f).exp().mul(eps));
        }
        z = condition.decoder(ps, z, c, training, params).joined();
        NDArray recon = decoder.forward(ps, new NDList(z), training, params).head();
        return new NDList(recon, mean, logvar);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        condition.initialize(manager, dataType);
        Shape x = encoderInput(inputShapes[0]);
        encoder.initialize(manager, dataType, x);
        Shape z = encoder.getOutputShapes(new Shape[] {x})[0];
        meanLayer.initialize(manager, dataType, z);
        logvarLayer.initialize(manager, dataType, z);
        decoder.initialize(manager, dataType, decoderInput(z));
    }

    /** The input shape widened by a concatenated condition. */
    private Shape encoderInput(Shape x) {
        return ConditionJoin.widened(new Shape[] {x}, condition.extraInputChannels())[0];
    }

    /** The latent shape widened by a concatenated condition. */
    private Shape[] decoderInput(Shape z) {
        return ConditionJoin.widened(new Shape[] {z}, condition.extraLatentChannels());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape z = encoder.getOutputShapes(new Shape[] {encoderInput(inputShapes[0])})[0];
        return new Shape[] {decoder.getOutputShapes(decoderInput(z))[0], z, z};
    }

    /** Reads the condition from the graph input bound under {@link BlockContext#CONDITION_INPUT} (when bound). */
    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String c = g.context(BlockContext.CONDITION_INPUT);
        ConditionSides.Applied<String> in = condition.exportEncoder(g, input, c, spec.encoder().imageSize());
        String z0 = encoder.exportOnnx(g, in.joined()).get(0);
        boolean vectorLatent = spec.encoder().vectorEmbedding();
        String mean = meanLayer.exportOnnx(g, z0, vectorLatent ? 0 : spec.encoder().spatialDims());
        String z = condition.exportDecoder(g, mean, c, in, vectorLatent ? List.of() : spec.encoder().latentSize()).joined();
        return decoder.exportOnnx(g, List.of(z));
    }

    @Override
    public NDArray encodeLatent(ParameterStore ps, NDArray x, boolean training) {
        requireUnconditional();
        NDArray z0 = encoder.forward(ps, new NDList(x), training).head();
        return meanLayer.forward(ps, new NDList(z0), training).head();
    }

    @Override
    public String exportDecoder(OnnxGraphBuilder g, String z) {
        requireUnconditional();
        return decoder.exportOnnx(g, List.of(z));
    }

    private void requireUnconditional() {
        if (spec.context().conditional()) {
            throw new IllegalArgumentException("latent diffusion over a conditional VAE is not supported");
        }
    }

    @Override
    public String description() {
        return "VAE(" + spec.encoder().kind().yamlName() + ", " + (spec.encoder().pointCloud() ? "points" : spec.encoder().spatialDims() + "D") + ", latent "
                + (spec.encoder().vectorEmbedding() ? "vector" : "map")
                + (spec.context().conditional() ? ", condition " + spec.context().condition().combine().name().toLowerCase() : "") + ")";
    }
}
