package dev.flemme4j.modelzoo.block.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * PyTorch's {@code F.interpolate(x, size, mode='nearest')} on {@code (B, C, *L)} for any sizes: along each
 * spatial axis output index {@code i} reads input index {@code min(floor(i · (float) in/out), in - 1)}.
 * DJL: a one-hot selection matrix per axis (exact and differentiable); ONNX: Gather with constant indices.
 */
public final class NearestResize {
    private NearestResize() {
    }

    /** Source indices along one axis, computed in float like PyTorch's nearest kernel. */
    public static long[] sourceIndices(long in, long out) {
        float scale = (float) in / (float) out;
        long[] idx = new long[(int) out];
        for (int i = 0; i < out; i++) {
            idx[i] = Math.min((long) Math.floor(i * scale), in - 1);
        }
        return idx;
    }

    /** Resizes the spatial axes of {@code x} to {@code size}. */
    public static NDArray resize(NDArray x, long[] size) {
        NDArray y = x;
        int rank = x.getShape().dimension();
        for (int i = 0; i < size.length; i++) {
            int axis = 2 + i;
            long in = y.getShape().get(axis);
            long out = size[i];
            if (in == out) {
                continue;
            }
            long[] idx = sourceIndices(in, out);
            float[] select = new float[(int) (in * out)];
            for (int o = 0; o < out; o++) {
                select[(int) (idx[o] * out + o)] = 1f;
            }
            NDArray s = x.getManager().create(select, new Shape(in, out)).toDevice(x.getDevice(), false);
            y = y.swapAxes(axis, rank - 1).matMul(s).swapAxes(axis, rank - 1);
        }
        return y;
    }

    /** ONNX: one Gather per resized axis. */
    public static String export(OnnxGraphBuilder g, String input, long[] from, long[] to) {
        String y = input;
        for (int i = 0; i < to.length; i++) {
            if (from[i] == to[i]) {
                continue;
            }
            long[] idx = sourceIndices(from[i], to[i]);
            y = g.node("Gather", List.of(y, g.int64s("resize.index", idx, idx.length)), OnnxAttribute.intValue("axis", 2 + i));
        }
        return y;
    }
}
