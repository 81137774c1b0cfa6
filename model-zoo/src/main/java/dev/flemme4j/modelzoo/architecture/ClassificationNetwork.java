package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.ClassificationModelSpec;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.EncoderKind;
import dev.flemme4j.modelzoo.encoder.CnnEncoder;
import dev.flemme4j.modelzoo.encoder.FcnEncoder;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Flemme's ClM network: {@code cls_logits = Linear(encoder(x))}, {@code (B, in, *S) → (B, classes)}; with an FCN
 * encoder {@code (B, in) → (B, classes)}.
 */
public final class ClassificationNetwork extends NetworkBlock {
    private final ClassificationModelSpec spec;
    private final ImageEncoderNetwork encoder;
    private final Dense classifier;

    public ClassificationNetwork(ClassificationModelSpec spec) {
        this.spec = spec;
        encoder = addChildBlock("encoder", spec.encoder().kind() == EncoderKind.FCN
                ? new FcnEncoder(spec.encoder(), ContextSettings.NONE) : new CnnEncoder(spec.encoder()));
        classifier = addChildBlock("classifier", new Dense(spec.encoder().encoderOutChannel(), spec.classes(), true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList z = encoder.forward(ps, inputs, training, params);
        return classifier.forward(ps, new NDList(z.head()), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        classifier.initialize(manager, dataType, encoder.getOutputShapes(inputShapes)[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(new Shape[] {encoder.getOutputShapes(inputShapes)[0]});
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return classifier.exportOnnx(g, encoder.exportOnnx(g, input).get(0));
    }

    @Override
    public String description() {
        return "ClM(" + spec.encoder().kind().yamlName() + ", " + spec.classes() + " classes)";
    }
}
