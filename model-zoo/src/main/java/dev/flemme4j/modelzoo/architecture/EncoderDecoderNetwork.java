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
import dev.flemme4j.modelzoo.block.SinusoidalEmbedding;
import dev.flemme4j.modelzoo.config.CombineCondition;
import dev.flemme4j.modelzoo.config.ConditionEmbeddingSpec;
import dev.flemme4j.modelzoo.config.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.InjectionKind;
import dev.flemme4j.modelzoo.config.ModelContextSpec;
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
public final class EncoderDecoderNetwork extends NetworkBlock {
    private final String architecture;
    private final ImageEncoderSpec spec;
    private final ModelContextSpec context;
    private final ImageEncoderNetwork encoder;
    private final ImageDecoderNetwork decoder;
    private final SinusoidalEmbedding timeEmbedding;
    private final NetworkBlock encoderCondition;
    private final NetworkBlock decoderCondition;

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
        encoderCondition = cond != null && cond.encoder() != null ? addChildBlock("en_cemb", ConditionEmbedders.create(cond.encoder())) : null;
        if (cond != null && cond.decoderSharesEncoder()) {
            decoderCondition = encoderCondition;
        } else {
            decoderCondition = cond != null && cond.decoder() != null
                    ? addChildBlock("de_cemb", ConditionEmbedders.create(cond.decoder())) : null;
        }
        ContextSettings blocks = cond == null
                ? new ContextSettings(context.time().channel(), context.time().injection(), 0, InjectionKind.GATE_BIAS, false)
                : new ContextSettings(context.time().channel(), context.time().injection(), cond.blockConditionChannel(),
                        cond.injection(), cond.conditionFirst());
        int extra = cond == null ? 0 : cond.extraInputChannels();
        ImageEncoders.Pair pair = ImageEncoders.create(extra == 0 ? spec : spec.withInChannel(spec.inChannel() + extra), blocks,
                cond == null ? 0 : cond.extraLatentChannels());
        encoder = addChildBlock("encoder", pair.encoder());
        decoder = addChildBlock("decoder", pair.decoder());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        int next = 1;
        NDArray t = context.takesTime() && inputs.size() > next ? inputs.get(next++) : null;
        NDArray c = context.conditional() && inputs.size() > next ? inputs.get(next) : null;
        NDArray tEmb = t == null ? null : run(timeEmbedding, ps, t, training, params);
        ConditionEmbeddingSpec cond = context.condition();
        NDArray cEncoder = null;
        if (encoderCondition != null) {
            if (c == null && cond.combine() == CombineCondition.CAT) {
                throw new IllegalArgumentException(architecture + " concatenates the condition to its input: pass c");
            }
            if (c != null) {
                NDArray e = run(encoderCondition, ps, c, training, params);
                if (cond.combine() == CombineCondition.INJECTION) {
                    cEncoder = e;
                } else {
                    x = ConditionJoin.join(cond.combine(), x, e);
                }
            }
        }
        NDList z = encoder.forward(ps, new NDList(x), training, BlockContext.with(params, tEmb, cEncoder));
        NDArray cDecoder = null;
        if (decoderCondition != null && c != null) {
            NDArray e = run(decoderCondition, ps, c, training, params);
            if (cond.combine() == CombineCondition.INJECTION) {
                cDecoder = e;
            } else {
                NDList joined = new NDList(z);
                joined.set(0, ConditionJoin.join(cond.combine(), z.get(0), e));
                z = joined;
            }
        }
        return decoder.forward(ps, z, training, BlockContext.with(params, tEmb, cDecoder));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (timeEmbedding != null) {
            timeEmbedding.initialize(manager, dataType, new Shape(1));
        }
        ConditionEmbeddingSpec cond = context.condition();
        if (encoderCondition != null) {
            encoderCondition.initialize(manager, dataType, ConditionEmbedders.inputShape(cond.encoder()));
        }
        if (decoderCondition != null && decoderCondition != encoderCondition) {
            decoderCondition.initialize(manager, dataType, ConditionEmbedders.inputShape(cond.decoder()));
        }
        Shape x = encoderInput(inputShapes[0]);
        encoder.initialize(manager, dataType, x);
        decoder.initialize(manager, dataType, decoderInput(encoder.getOutputShapes(new Shape[] {x})));
    }

    /** The encoder outputs with the latent widened by a concatenated decoder condition. */
    private Shape[] decoderInput(Shape[] z) {
        return ConditionJoin.widened(z, context.condition() == null ? 0 : context.condition().extraLatentChannels());
    }

    /** The input shape widened by a concatenated condition. */
    private Shape encoderInput(Shape x) {
        int extra = context.condition() == null ? 0 : context.condition().extraInputChannels();
        if (extra == 0) {
            return x;
        }
        long[] s = x.getShape().clone();
        s[1] += extra;
        return new Shape(s);
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
        ConditionEmbeddingSpec cond = context.condition();
        String x = input;
        String cEncoder = null;
        String encoderEmbedding = null;
        if (encoderCondition != null && c != null) {
            encoderEmbedding = encoderCondition.exportOnnx(g, c);
            if (cond.combine() == CombineCondition.INJECTION) {
                cEncoder = encoderEmbedding;
            } else {
                x = ConditionJoin.export(g, cond.combine(), x, encoderEmbedding, spec.imageSize(), cond.encoder().vector());
            }
        }
        g.bindContext(BlockContext.TIME, tEmb);
        g.bindContext(BlockContext.CONDITION, cEncoder);
        List<String> z = new ArrayList<>(encoder.exportOnnx(g, x));
        String cDecoder = null;
        if (decoderCondition != null && c != null) {
            String e = decoderCondition == encoderCondition ? encoderEmbedding : decoderCondition.exportOnnx(g, c);
            if (cond.combine() == CombineCondition.INJECTION) {
                cDecoder = e;
            } else {
                List<Integer> latent = spec.vectorEmbedding() ? List.of() : spec.latentSize();
                z.set(0, ConditionJoin.export(g, cond.combine(), z.get(0), e, latent, cond.decoder().vector()));
            }
        }
        g.bindContext(BlockContext.CONDITION, cDecoder);
        String y = decoder.exportOnnx(g, z);
        g.bindContext(BlockContext.TIME, null);
        g.bindContext(BlockContext.CONDITION, null);
        return y;
    }

    @Override
    public String description() {
        return architecture + "(" + spec.kind().yamlName() + ", " + spec.spatialDims() + "D"
                + (context.time().present() ? ", time " + context.time().channel() : "")
                + (context.conditional() ? ", condition " + context.condition().combine().name().toLowerCase() : "") + ")";
    }
}
