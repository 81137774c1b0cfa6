package dev.flemme4j.modelzoo.block.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.encoder.ChannelAttentionSpec;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream {@code ECABlock} / {@code ECANSBlock} on {@code (B, C, *L)}: {@code y = mean over *L} (B, C), a k-tap
 * bias-free convolution across the channel axis with zero padding (k-1)/2 — one kernel shared by all channels
 * (ECA, weight {@code (1, 1, k)}) or one per channel (ECA-NS, weight {@code (C, 1, k)}) — then
 * {@code x · sigmoid(y)}. The channel convolution is computed as {@code y · M} with the band matrix
 * {@code M[c', c] = w[c][c' - c + p]}, built differentiably from the weight.
 */
public final class ChannelAttentionBlock extends NetworkBlock {
    private final int channels;
    private final int rank;
    private final ChannelAttentionSpec spec;
    private final Parameter weight;

    public ChannelAttentionBlock(int dims, int channels, ChannelAttentionSpec spec) {
        this.channels = channels;
        this.rank = dims + 2;
        this.spec = spec;
        int k = spec.kernel();
        // PyTorch Conv1d default init: kaiming-uniform(a=√5) = uniform ±1/√fan_in, fan_in = k (in/groups = 1)
        float bound = (float) (1.0 / Math.sqrt(k));
        Shape shape = spec.nonShared() ? new Shape(channels, 1, k) : new Shape(1, 1, k);
        weight = addParameter(parameter("weight", Parameter.Type.WEIGHT, shape, new UniformInitializer(bound), true));
    }

    /** Shift matrices {@code E[j][c'][c] = 1 if c' = c - p + j}, shape (k, C, C). */
    private float[] shifts() {
        int k = spec.kernel();
        int p = (k - 1) / 2;
        float[] e = new float[k * channels * channels];
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < channels; c++) {
                int src = c - p + j;
                if (src >= 0 && src < channels) {
                    e[(j * channels + src) * channels + c] = 1f;
                }
            }
        }
        return e;
    }

    /** Band matrix from plain weights, for export. */
    private float[] band(float[] w) {
        int k = spec.kernel();
        float[] e = shifts();
        float[] m = new float[channels * channels];
        for (int j = 0; j < k; j++) {
            for (int src = 0; src < channels; src++) {
                for (int c = 0; c < channels; c++) {
                    float s = e[(j * channels + src) * channels + c];
                    if (s != 0) {
                        m[src * channels + c] += spec.nonShared() ? w[c * k + j] : w[j];
                    }
                }
            }
        }
        return m;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager m = x.getManager();
        int k = spec.kernel();
        NDArray y = x.reshape(x.getShape().get(0), channels, -1).mean(new int[] {2}); // (B, C)
        NDArray e = m.create(shifts(), new Shape(k, channels, channels));
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        // shared: (k, 1, 1); per channel: (C, 1, k) → (k, 1, C) broadcasts over the target channel c
        NDArray wb = spec.nonShared() ? stepScoped(w.reshape(channels, k), x).transpose().reshape(k, 1, channels)
                : stepScoped(w.reshape(k, 1, 1), x);
        NDArray band = e.mul(wb).sum(new int[] {0});
        NDArray gate = ai.djl.nn.Activation.sigmoid(y.matMul(band));
        long[] s = new long[rank];
        java.util.Arrays.fill(s, 1);
        s[0] = x.getShape().get(0);
        s[1] = channels;
        return new NDList(x.mul(gate.reshape(new Shape(s))));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        long[] axes = new long[rank - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        // ReduceMean keeps (B, C, 1, ..., 1); move C last for the matmul, then back
        String y = g.node("ReduceMean", List.of(input), OnnxAttribute.ints("axes", axes), OnnxAttribute.intValue("keepdims", 1));
        String flat = g.node("Flatten", List.of(y), OnnxAttribute.intValue("axis", 1));
        String mixed = g.node("MatMul", List.of(flat, g.floats("eca.band", band(weight.getArray().toFloatArray()), channels, channels)));
        String gate = g.node("Sigmoid", List.of(mixed));
        String shaped = g.node("Reshape", List.of(gate, g.node("Shape", List.of(y))));
        return g.node("Mul", List.of(input, shaped));
    }

    @Override
    public String description() {
        return "ChannelAttention(" + spec.yamlName() + ", " + channels + ", k=" + spec.kernel() + ")";
    }
}
