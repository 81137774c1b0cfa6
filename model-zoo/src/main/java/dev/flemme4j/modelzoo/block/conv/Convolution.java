package dev.flemme4j.modelzoo.block.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch-style ConvNd: {@code (B, in, *L) → (B, out, *L')} with {@code L' = (L + 2p - k) / s + 1}, weight
 * {@code (out, in/groups, k, ..., k)}, optional bias {@code (out)}. Initialised like PyTorch
 * (uniform ±1/√fan_in for weight and bias) so fresh models train like upstream's.
 */
public final class Convolution extends NetworkBlock {
    private final int dims;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    public Convolution(int dims, int inChannels, int outChannels, int kernel, int stride, int padding, int groups, boolean bias) {
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("channels " + inChannels + "→" + outChannels + " not divisible by groups " + groups);
        }
        this.dims = dims;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        long[] w = new long[2 + dims];
        w[0] = outChannels;
        w[1] = inChannels / groups;
        for (int i = 0; i < dims; i++) {
            w[2 + i] = kernel;
        }
        float bound = (float) (1.0 / Math.sqrt((double) (inChannels / groups) * Math.pow(kernel, dims)));
        this.weight = addParameter(parameter("weight", Parameter.Type.WEIGHT, new Shape(w), new UniformInitializer(bound), true));
        this.bias = bias
                ? addParameter(parameter("bias", Parameter.Type.BIAS, new Shape(outChannels), new UniformInitializer(bound), true))
                : null;
    }

    /** Plain stride-1 "same" convolution with bias. */
    public static Convolution same(int dims, int in, int out, int kernel) {
        return new Convolution(dims, in, out, kernel, 1, (kernel - 1) / 2, 1, true);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return new NDList(SpatialConvolution.convolve(dims, x, w, b, stride, padding, groups));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] out = in.getShape().clone();
        out[1] = outChannels;
        for (int i = 2; i < out.length; i++) {
            out[i] = SpatialConvolution.outputLength(in.get(i), kernel, stride, padding);
        }
        return new Shape[] {new Shape(out)};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        List<String> in = new ArrayList<>(List.of(input, g.initializer("conv.weight", weight.getArray())));
        if (bias != null) {
            in.add(g.initializer("conv.bias", bias.getArray()));
        }
        return g.node("Conv", in,
                OnnxAttribute.repeated("kernel_shape", kernel, dims),
                OnnxAttribute.repeated("strides", stride, dims),
                OnnxAttribute.repeated("pads", padding, 2 * dims),
                OnnxAttribute.intValue("group", groups));
    }

    @Override
    public String description() {
        return "Conv" + dims + "d(" + inChannels + "→" + outChannels + ", k=" + kernel + ", s=" + stride + ", p=" + padding
                + (groups > 1 ? ", groups=" + groups : "") + (bias == null ? ", no bias" : "") + ")";
    }
}
