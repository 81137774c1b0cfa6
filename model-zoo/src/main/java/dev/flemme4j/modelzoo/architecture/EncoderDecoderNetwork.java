package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.BlockContext;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.embedding.SinusoidalEmbedding;
import dev.flemme4j.modelzoo.config.context.ConditionEmbeddingSpec;
import dev.flemme4j.modelzoo.config.context.InjectionKind;
import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.encoder.ImageDecoderNetwork;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's Base network, and so SeM and AE: {@code decoder(encoder(x))}, {@code (B, in, *S) → (B, out, *S)}
 * ({@code seg_logits} or {@code recon}; the latent is not exposed, upstream returns it only for inspection).
 *
 * <p>With a {@link ModelContextSpec} it also takes, after {@code x}, a time step {@code t: (B,)} (Base with
 * {@code time_channel}) and a condition {@code c} (with {@code condition_embedding}), in that order; trailing
 * ones may be left out, as upstream's {@code None}. Then {@code z = E(x ⊕ C_e(c), T(t))} and
 * {@code y = D(z ⊕ C_d(c), T(t))}, where {@code ⊕} is add, concatenation or per-block injection and the time
 * embedding {@code T(t)} reaches every building block through {@link BlockContext}.
 */
public final class EncoderDecoderNetwork extends NetworkBlock implements LatentCodec {
    private final String architecture;
    private final ImageEncoderSpec spec;
    private final ModelContextSpec context;
    private final ImageEncoderNetwork encoder;
    private final ImageDecoderNetwork decoder;
    private final SinusoidalEmbedding timeEmbedding;
    private final ConditionSides condition;

    public EncoderDecoderNetwork(String architecture, ImageEncoderSpec spec) {
        this(architecture, spec, ModelContextSpec.NONE);
    }

    public EncoderDecoderNetwork(String architecture, ImageEncoderSpec spec, ModelContextSpec context) {
        this.architecture = architecture;
        this.spec = spec;
        this.context = context;
        ConditionEmbeddingSpec cond = context.condition();
        timeEmbedding = context.time().present()
                ? addChildBlock("t_embed", new SinusoidalEmbedding(context.time().channel(), context.time().activation())) : null;
        condition = new ConditionSides(architecture, cond, this::addChildBlock);
        ContextSettings blocks = cond == null
                ? new ContextSettings(context.time().channel(), context.time().injection(), 0, InjectionKind.GATE_BIAS, false)
                : new ContextSettings(context.time().channel(), context.time().injection(), cond.blockConditionChannel(),
                        cond.injection(), cond.conditionFirst());
        int extra = condition.extraInputChannels();
        ImageEncoders.Pair pair = ImageEncoders.create(extra == 0 ? spec : spec.withInChannel(spec.inChannel() + extra), blocks,
                condition.extraLatentChannels());
        encoder = addChildBlock("encoder", pair.encoder());
        decoder = addChildBlock("decoder", pair.decoder());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        int next = 1;
        NDArray t = context.takesTime() && inputs.size() > next ? inputs.get(next++) : null;
        NDArray c = context.conditional() && inputs.size() > next ? inputs.get(next) : null;
        NDArray tEmb = t == null ? null : timeEmbedding.forward(ps, new NDList(t), training, params).head();
        ConditionSides.Applied<NDArray> in = condition.encoder(ps, x, c, training, params);
        NDList z = encoder.forward(ps, new NDList(in.joined()), training, BlockContext.with(params, tEmb, in.injected()));
        ConditionSides.Applied<NDArray> latent = condition.decoder(ps, z.get(0), c, training, params);
        NDList joined = new NDList(z);
        joined.set(0, latent.joined());
        return decoder.forward(ps, joined, training, BlockContext.with(params, tEmb, latent.injected()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (timeEmbedding != null) {
            timeEmbedding.initialize(manager, dataType, new Shape(1));
        }
        condition.initialize(manager, dataType);
        Shape x = encoderInput(inputShapes[0]);
        encoder.initialize(manager, dataType, x);
        decoder.initialize(manager, dataType, decoderInput(encoder.getOutputShapes(new Shape[] {x})));
    }

    /** The encoder outputs with the latent widened by a concatenated decoder condition. */
    private Shape[] decoderInput(Shape[] z) {
        return ConditionJoin.widened(z, condition.extraLatentChannels());
    }

    /** The input shape widened by a concatenated condition. */
    private Shape encoderInput(Shape x) {
        return ConditionJoin.widened(new Shape[] {x}, condition.extraInputChannels())[0];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return decoder.getOutputShapes(decoderInput(encoder.getOutputShapes(new Shape[] {encoderInput(inputShapes[0])})));
    }

    /**
     * Reads the time step and the condition from the graph inputs bound under {@link BlockContext#TIME_STEP_INPUT}
     * and {@link BlockContext#CONDITION_INPUT} (when bound).
     */
    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String t = g.context(BlockContext.TIME_STEP_INPUT);
        String c = g.context(BlockContext.CONDITION_INPUT);
        String tEmb = t == null || timeEmbedding == null ? null : timeEmbedding.exportOnnx(g, t);
        ConditionSides.Applied<String> in = condition.exportEncoder(g, input, c, spec.imageSize());
        g.bindContext(BlockContext.TIME, tEmb);
        g.bindContext(BlockContext.CONDITION, in.injected());
        List<String> z = new ArrayList<>(encoder.exportOnnx(g, in.joined()));
        ConditionSides.Applied<String> latent = condition.exportDecoder(g, z.get(0), c, in,
                spec.vectorEmbedding() ? List.of() : spec.latentSize());
        z.set(0, latent.joined());
        g.bindContext(BlockContext.CONDITION, latent.injected());
        String y = decoder.exportOnnx(g, z);
        g.bindContext(BlockContext.TIME, null);
        g.bindContext(BlockContext.CONDITION, null);
        return y;
    }

    /** The encoder's latent (the first encoder output); an unconditional network without time steps only. */
    @Override
    public NDArray encodeLatent(ParameterStore ps, NDArray x, boolean training) {
        requirePlain();
        return encoder.forward(ps, new NDList(x), training).head();
    }

    @Override
    public String exportDecoder(OnnxGraphBuilder g, String z) {
        requirePlain();
        return decoder.exportOnnx(g, List.of(z));
    }

    private void requirePlain() {
        if (context.conditional() || context.time().present()) {
            throw new IllegalArgumentException("latent diffusion needs an unconditional auto-encoder without time steps");
        }
    }

    @Override
    public String description() {
        return architecture + "(" + spec.kind().yamlName() + ", " + (spec.pointCloud() ? "points" : spec.spatialDims() == 0 ? "vector" : spec.spatialDims() + "D")
                + (context.time().present() ? ", time " + context.time().channel() : "")
                + (context.conditional() ? ", condition " + context.condition().combine().name().toLowerCase() : "") + ")";
    }
}
