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
 * PyTorch GroupNorm on {@code (B, C, *L)}: the C channels are split into G groups, each normalised over its
 * channels and all positions (biased variance, eps 1e-5), then a per-channel affine. Same in training and
 * inference. DJL has no GroupNorm block, hence this.
 */
public final class GroupNormalization extends NetworkBlock {
    public static final float EPSILON = 1e-5f;

    private final int dims;
    private final int groups;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;

    public GroupNormalization(int dims, int groups, int channels) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels are not divisible into " + groups + " groups");
        }
        this.dims = dims;
        this.groups = groups;
        this.channels = channels;
        gamma = addParameter(parameter("gamma", Parameter.Type.GAMMA, new Shape(channels), new ConstantInitializer(1f), true));
        beta = addParameter(parameter("beta", Parameter.Type.BETA, new Shape(channels), new ConstantInitializer(0f), true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        NDArray grouped = x.reshape(shape.get(0), groups, -1);
        NDArray mean = grouped.mean(new int[] {2}, true);
        NDArray centered = grouped.sub(mean);
        NDArray variance = centered.square().mean(new int[] {2}, true);
        NDArray normalized = centered.div(variance.add(EPSILON).sqrt()).reshape(shape);
        Shape perChannel = channelBroadcast(channels, shape.dimension());
        NDArray g = stepScoped(ps.getValue(gamma, x.getDevice(), training).reshape(perChannel), x);
        NDArray b = stepScoped(ps.getValue(beta, x.getDevice(), training).reshape(perChannel), x);
        return new NDList(normalized.mul(g).add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Opset 17 has no GroupNormalization: Reshape(B, G, -1) → InstanceNormalization → Reshape back → affine. */
    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String originalShape = g.node("Shape", List.of(input));
        String grouped = g.node("Reshape", List.of(input, g.sharedInt64s("groups_shape_" + groups, 0, groups, -1)));
        float[] ones = new float[groups];
        java.util.Arrays.fill(ones, 1f);
        String normalized = g.node("InstanceNormalization",
                List.of(grouped, g.floats("gn.unit_scale", ones, groups), g.floats("gn.zero_bias", new float[groups], groups)),
                OnnxAttribute.floatValue("epsilon", EPSILON));
        String restored = g.node("Reshape", List.of(normalized, originalShape));
        return AffinePerChannel.export(g, restored, gamma.getArray(), beta.getArray(), dims);
    }

    @Override
    public String description() {
        return "GroupNorm(" + groups + " groups, " + channels + ", eps=1e-5)";
    }
}
