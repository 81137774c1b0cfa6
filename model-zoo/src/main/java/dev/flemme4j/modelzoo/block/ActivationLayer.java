package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/** Element-wise activation with PyTorch's default constants (LeakyReLU slope 0.01, ELU α 1, exact GELU). */
public final class ActivationLayer extends NetworkBlock {
    private static final float LEAKY_SLOPE = 0.01f;
    private static final float ELU_ALPHA = 1f;

    private final Activation kind;

    public ActivationLayer(Activation kind) {
        this.kind = kind;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = switch (kind) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case LEAKY_RELU -> ai.djl.nn.Activation.leakyRelu(x, LEAKY_SLOPE);
            case ELU -> ai.djl.nn.Activation.elu(x, ELU_ALPHA);
            // the PyTorch engine has no SiLU operator
            case SILU -> x.mul(ai.djl.nn.Activation.sigmoid(x));
            case GELU -> ai.djl.nn.Activation.gelu(x);
        };
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return switch (kind) {
            case RELU -> g.node("Relu", List.of(input));
            case LEAKY_RELU -> g.node("LeakyRelu", List.of(input), OnnxAttribute.floatValue("alpha", LEAKY_SLOPE));
            case ELU -> g.node("Elu", List.of(input), OnnxAttribute.floatValue("alpha", ELU_ALPHA));
            case SILU -> g.node("Mul", List.of(input, g.node("Sigmoid", List.of(input))));
            case GELU -> exportGelu(g, input);
        };
    }

    /** Opset 17 has no Gelu: 0.5·x·(1 + erf(x/√2)). */
    private static String exportGelu(OnnxGraphBuilder g, String x) {
        String scaled = g.node("Div", List.of(x, g.sharedScalar("gelu.sqrt2", (float) Math.sqrt(2.0))));
        String onePlusErf = g.node("Add", List.of(g.node("Erf", List.of(scaled)), g.sharedScalar("gelu.one", 1f)));
        return g.node("Mul", List.of(g.node("Mul", List.of(x, onePlusErf)), g.sharedScalar("gelu.half", 0.5f)));
    }

    @Override
    public String description() {
        return kind.name();
    }
}
