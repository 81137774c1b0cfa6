package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.config.context.CombineCondition;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream's {@code add_embedding}/{@code concat_embedding} on channels-first tensors: an embedding joins a
 * feature {@code (B, C, *S)} (or a vector {@code (B, C)}) by addition or channel concatenation; a vector
 * embedding {@code (B, E)} is broadcast over {@code *S} first.
 */
final class ConditionJoin {
    private ConditionJoin() {
    }

    static NDArray join(CombineCondition how, NDArray x, NDArray e) {
        int rank = x.getShape().dimension();
        if (e.getShape().dimension() == 2 && rank > 2) {
            long[] s = new long[rank];
            java.util.Arrays.fill(s, 1);
            s[0] = e.getShape().get(0);
            s[1] = e.getShape().get(1);
            e = e.reshape(new Shape(s));
            if (how == CombineCondition.CAT) {
                long[] full = x.getShape().getShape().clone();
                full[1] = s[1];
                e = e.broadcast(new Shape(full));
            }
        }
        return how == CombineCondition.ADD ? x.add(e) : x.concat(e, 1);
    }

    /** {@code shapes} with the channels of the first widened by {@code extra} (a concatenated embedding). */
    static Shape[] widened(Shape[] shapes, int extra) {
        if (extra == 0) {
            return shapes;
        }
        Shape[] out = shapes.clone();
        long[] first = shapes[0].getShape().clone();
        first[1] += extra;
        out[0] = new Shape(first);
        return out;
    }

    /**
     * @param spatial the spatial size of {@code x}; empty when {@code x} is a vector
     * @param vector  whether {@code e} is a vector {@code (B, E)}
     */
    static String export(OnnxGraphBuilder g, CombineCondition how, String x, String e, List<Integer> spatial, boolean vector) {
        if (vector && !spatial.isEmpty()) {
            long[] perChannel = new long[2 + spatial.size()];
            java.util.Arrays.fill(perChannel, 1);
            perChannel[0] = 0; // ONNX Reshape: 0 keeps the (symbolic) batch size
            perChannel[1] = -1;
            e = g.node("Reshape", List.of(e, g.sharedInt64s("per_channel_shape", perChannel)));
            if (how == CombineCondition.CAT) {
                long[] target = new long[2 + spatial.size()];
                target[0] = 1;
                target[1] = 1;
                for (int i = 0; i < spatial.size(); i++) {
                    target[2 + i] = spatial.get(i);
                }
                // bidirectional broadcast of (B, E, 1, …) with (1, 1, *S)
                e = g.node("Expand", List.of(e, g.sharedInt64s("spatial_shape", target)));
            }
        }
        return how == CombineCondition.ADD ? g.node("Add", List.of(x, e))
                : g.node("Concat", List.of(x, e), OnnxAttribute.intValue("axis", 1));
    }
}
