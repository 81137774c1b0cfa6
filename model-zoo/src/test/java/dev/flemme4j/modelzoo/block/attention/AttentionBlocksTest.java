package dev.flemme4j.modelzoo.block.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.encoder.AttentionSettings;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Forward numerics of the attention blocks against upstream. Reference numbers from upstream HEAD 86abf06 on
 * python3-torch 1.13 in float64: {@code SelfAttentionBlock(in_channel=8, num_heads=2, skip_connection=True,
 * channel_dim=1)} and {@code FFTAttenBlock(dim=2, in_channel=8, num_heads=2, skip_connection=True)} with
 * qkv.weight[i] = 0.1 sin(0.37 i), qkv.bias[i] = 0.05 cos(0.11 i), proj.weight[i] = 0.1 sin(0.23 i + 1),
 * proj.bias[i] = 0.02 cos(i) (row-major), on x[i] = sin(0.05 i) + 0.3 cos(0.7 i) of shape (2, 8, 4, 6).
 */
class AttentionBlocksTest {
    private static final AttentionSettings TWO_HEADS = new AttentionSettings(2, 0, true, 0, 0, 0);

    @Test
    void selfAttentionMatchesUpstream() {
        check(new SelfAttentionBlock(8, 4, TWO_HEADS, true), 1.3646429850525625, 246.48725000318188,
                new double[] {0.302359, 0.2817909, 0.1531826, 0.0003434}, new double[] {-0.0298859, 0.1530518});
    }

    @Test
    void fftAttentionMatchesUpstream() {
        check(new FftAttentionBlock(2, 8, TWO_HEADS, true), 0.786739553651866, 246.4523718369677,
                new double[] {0.3027154, 0.2778755, 0.1508362, -0.0020012}, new double[] {-0.0324469, 0.1504924});
    }

    /**
     * ECABlock(dim=2, kernel_size=5) with conv.weight[i] = 0.5 sin(0.37 i + 0.2) and ECANSBlock(dim=2, channel=8,
     * kernal_size=3) with the same formula over its (8, 1, 3) weight, same input, float64 (upstream numbers).
     */
    @Test
    void ecaMatchesUpstream() {
        check(new ChannelAttentionBlock(2, 8, new dev.flemme4j.modelzoo.config.encoder.ChannelAttentionSpec(false, 5)),
                19.260788816524375, 123.25563479739591,
                new double[] {0.2024931, 0.18861, 0.1018024, -0.0013606}, new double[] {-0.0129702, 0.0601654});
    }

    @Test
    void ecaNsMatchesUpstream() {
        check(new ChannelAttentionBlock(2, 8, new dev.flemme4j.modelzoo.config.encoder.ChannelAttentionSpec(true, 3)),
                12.293608124218286, 124.27727689815165,
                new double[] {0.1881916, 0.1752891, 0.0946124, -0.0012645}, new double[] {-0.0115554, 0.0536022});
    }

    private static void check(NetworkBlock block, double sum, double absSum, double[] first, double[] last) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Shape shape = new Shape(2, 8, 4, 6);
            block.initialize(m, DataType.FLOAT32, shape);
            for (Pair<String, Parameter> p : block.getParameters()) {
                String name = p.getKey();
                NDArray a = p.getValue().getArray();
                IntToDoubleFunction f = !name.contains("qkv") && !name.contains("proj")
                        ? i -> 0.5 * Math.sin(i * 0.37 + 0.2)
                        : name.endsWith("qkv_weight") ? i -> 0.1 * Math.sin(i * 0.37)
                        : name.endsWith("qkv_bias") ? i -> 0.05 * Math.cos(i * 0.11)
                        : name.endsWith("proj_weight") ? i -> 0.1 * Math.sin(i * 0.23 + 1)
                        : i -> 0.02 * Math.cos(i);
                a.set(values((int) a.size(), f));
            }
            NDArray x = m.create(values((int) shape.size(), i -> Math.sin(i * 0.05) + 0.3 * Math.cos(i * 0.7)), shape);
            float[] y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
            double s = 0;
            double a = 0;
            for (float v : y) {
                s += v;
                a += Math.abs(v);
            }
            assertEquals(sum, s, 1e-3);
            assertEquals(absSum, a, 1e-3);
            for (int i = 0; i < first.length; i++) {
                assertEquals(first[i], y[i], 1e-5, "y[" + i + "]");
            }
            for (int i = 0; i < last.length; i++) {
                assertEquals(last[i], y[y.length - last.length + i], 1e-5, "y[-" + (last.length - i) + "]");
            }
        }
    }

    private static float[] values(int n, IntToDoubleFunction f) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (float) f.applyAsDouble(i);
        }
        return r;
    }
}
