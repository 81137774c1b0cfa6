package dev.flemme4j.modelzoo.block.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Flemme's {@code layer} normalisation of conv features: PyTorch LayerNorm(C) applied channels-last, i.e. each
 * position of {@code (B, C, *L)} normalised over its C channels (biased variance, eps 1e-5), then a
 * per-channel affine. Computed in place on axis 1 instead of permuting.
 */
public final class LayerNormalization extends NetworkBlock {
    public static final float EPSILON = 1e-5f;

    private final int dims;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;

    public LayerNormalization(int dims, int channels) {
        this.dims = dims;
        this.channels = channels;
        gamma = addParameter(parameter("gamma", Parameter.Type.GAMMA, new Shape(channels), new ConstantInitializer(1f), true));
        beta = addParameter(parameter("beta", Parameter.Type.BETA, new Shape(channels), new ConstantInitializer(0f), true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray mean = x.mean(new int[] {1}, true);
        NDArray centered = x.sub(mean);
        NDArray variance = centered.square().mean(new int[] {1}, true);
        Shape perChannel = channelBroadcast(channels, x.getShape().dimension());
        NDArray g = stepScoped(ps.getValue(gamma, x.getDevice(), training).reshape(perChannel), x);
        NDArray b = stepScoped(ps.getValue(beta, x.getDevice(), training).reshape(perChannel), x);
        return new NDList(centered.div(variance.add(EPSILON).sqrt()).mul(g).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String mean = g.node("ReduceMean", List.of(input), OnnxAttribute.ints("axes", 1), OnnxAttribute.intValue("keepdims", 1));
        String centered = g.node("Sub", List.of(input, mean));
        String squared = g.node("Mul", List.of(centered, centered));
        String variance = g.node("ReduceMean", List.of(squared), OnnxAttribute.ints("axes", 1), OnnxAttribute.intValue("keepdims", 1));
        String std = g.node("Sqrt", List.of(g.node("Add", List.of(variance, g.sharedScalar("ln.eps", EPSILON)))));
        String normalized = g.node("Div", List.of(centered, std));
        return AffinePerChannel.export(g, normalized, gamma.getArray(), beta.getArray(), dims);
    }

    @Override
    public String description() {
        return "LayerNorm(" + channels + " channels, eps=1e-5)";
    }
}
