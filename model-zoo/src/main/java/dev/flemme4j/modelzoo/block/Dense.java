package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.conv.SpatialConvolution;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch {@code nn.Linear(in, out)} applied over axis 1: {@code (B, in) → (B, out)}, or on a feature map
 * {@code (B, in, *L) → (B, out, *L)} (upstream applies Linear channels-last and permutes back; the same numbers
 * as a 1×1 convolution). Weight {@code (out, in)}, bias {@code (out)}, both uniform ±1/√in like PyTorch.
 */
public final class Dense extends NetworkBlock {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Dense(int in, int out, boolean bias) {
        this.in = in;
        this.out = out;
        float bound = (float) (1.0 / Math.sqrt(in));
        weight = addParameter(parameter("weight", Parameter.Type.WEIGHT, new Shape(out, in), new UniformInitializer(bound), true));
        this.bias = bias ? addParameter(parameter("bias", Parameter.Type.BIAS, new Shape(out), new UniformInitializer(bound), true)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        int rank = x.getShape().dimension();
        if (rank == 2) {
            NDArray y = x.matMul(stepScoped(w.transpose(), x));
            return new NDList(b == null ? y : y.add(b));
        }
        long[] k = new long[rank];
        java.util.Arrays.fill(k, 1);
        k[0] = out;
        k[1] = in;
        return new NDList(SpatialConvolution.convolve(rank - 2, x, stepScoped(w.reshape(new Shape(k)), x), b, 1, 0, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] s = inputShapes[0].getShape().clone();
        s[1] = out;
        return new Shape[] {new Shape(s)};
    }

    /** Rank-2 input: Gemm(transB); otherwise a 1×1 Conv with the weight reshaped. */
    public String exportOnnx(OnnxGraphBuilder g, String input, int spatialDims) {
        if (spatialDims == 0) {
            List<String> ins = new ArrayList<>(List.of(input, g.initializer("dense.weight", weight.getArray())));
            if (bias != null) {
                ins.add(g.initializer("dense.bias", bias.getArray()));
            }
            return g.node("Gemm", ins, OnnxAttribute.intValue("transB", 1));
        }
        long[] k = new long[2 + spatialDims];
        java.util.Arrays.fill(k, 1);
        k[0] = out;
        k[1] = in;
        List<String> ins = new ArrayList<>(List.of(input, g.floats("dense.weight", weight.getArray().toFloatArray(), k)));
        if (bias != null) {
            ins.add(g.initializer("dense.bias", bias.getArray()));
        }
        return g.node("Conv", ins, OnnxAttribute.repeated("kernel_shape", 1, spatialDims));
    }

    /** As a vector layer {@code (B, in) → (B, out)}. */
    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return exportOnnx(g, input, 0);
    }

    @Override
    public String description() {
        return "Linear(" + in + "→" + out + (bias == null ? ", no bias" : "") + ")";
    }
}
