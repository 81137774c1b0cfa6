package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.ClassificationModelSpec;
import dev.flemme4j.modelzoo.block.BlockContext;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.context.ConditionEmbeddingSpec;
import dev.flemme4j.modelzoo.config.context.InjectionKind;
import dev.flemme4j.modelzoo.config.encoder.EncoderKind;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.encoder.CnnEncoder;
import dev.flemme4j.modelzoo.encoder.FcnEncoder;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.modelzoo.encoder.transformer.TransformerEncoder;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Flemme's ClM network: {@code cls_logits = Linear(encoder(x))}, {@code (B, in, *S) → (B, classes)}; with an FCN
 * encoder {@code (B, in) → (B, classes)}; with a condition {@code Linear(encoder(x ⊕ C(c)))}, {@code ⊕} being add,
 * concatenation or block injection (CNN encoders only).
 */
public final class ClassificationNetwork extends NetworkBlock {
    private final ClassificationModelSpec spec;
    private final ConditionSides condition;
    private final ImageEncoderNetwork encoder;
    private final Dense classifier;

    public ClassificationNetwork(ClassificationModelSpec spec) {
        this.spec = spec;
        ConditionEmbeddingSpec cond = spec.context().condition();
        condition = new ConditionSides("ClM", cond, this::addChildBlock);
        ContextSettings blocks = cond == null ? ContextSettings.NONE
                : new ContextSettings(0, InjectionKind.GATE_BIAS, cond.blockConditionChannel(), cond.injection(), cond.conditionFirst());
        int extra = condition.extraInputChannels();
        ImageEncoderSpec e = extra == 0 ? spec.encoder() : spec.encoder().withInChannel(spec.encoder().inChannel() + extra);
        // point clouds: the registered pair's encoder (its decoder is dropped unused, as upstream's OnlyEncoder builds none)
        encoder = addChildBlock("encoder", spec.encoder().pointCloud() ? ImageEncoders.create(spec.encoder()).encoder()
                : spec.encoder().kind() == EncoderKind.FCN
                ? new FcnEncoder(spec.encoder(), blocks)
                : spec.encoder().kind().transformer() ? new TransformerEncoder(e, blocks) : new CnnEncoder(e, blocks));
        classifier = addChildBlock("classifier", new Dense(spec.encoder().encoderOutChannel(), spec.classes(), true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray c = spec.context().conditional() && inputs.size() > 1 ? inputs.get(1) : null;
        ConditionSides.Applied<NDArray> in = condition.encoder(ps, inputs.get(0), c, training, params);
        NDList z = encoder.forward(ps, new NDList(in.joined()), training, BlockContext.with(params, null, in.injected()));
        return classifier.forward(ps, new NDList(z.head()), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        condition.initialize(manager, dataType);
        Shape[] x = encoderInput(inputShapes);
        encoder.initialize(manager, dataType, x);
        classifier.initialize(manager, dataType, encoder.getOutputShapes(x)[0]);
    }

    /** The input shape widened by a concatenated condition. */
    private Shape[] encoderInput(Shape[] x) {
        return ConditionJoin.widened(new Shape[] {x[0]}, condition.extraInputChannels());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(new Shape[] {encoder.getOutputShapes(encoderInput(inputShapes))[0]});
    }

    /** Reads the condition from the graph input bound under {@link BlockContext#CONDITION_INPUT} (when bound). */
    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        ConditionSides.Applied<String> in = condition.exportEncoder(g, input, g.context(BlockContext.CONDITION_INPUT),
                spec.encoder().imageSize());
        g.bindContext(BlockContext.CONDITION, in.injected());
        String z = encoder.exportOnnx(g, in.joined()).get(0);
        g.bindContext(BlockContext.CONDITION, null);
        return classifier.exportOnnx(g, z);
    }

    @Override
    public String description() {
        return "ClM(" + spec.encoder().kind().yamlName() + ", " + spec.classes() + " classes"
                + (spec.context().conditional() ? ", condition " + spec.context().condition().combine().name().toLowerCase() : "") + ")";
    }
}
