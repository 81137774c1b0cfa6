package dev.flemme4j.serving;

import java.util.List;

/**
 * A ClM stand-in written by hand ({@link OnnxProto}): {@code cls_logits = Gemm(Flatten(input), W, b)}, input
 * {@code [N, 1, H, W]}, logits {@code [N, K]}, W stored as {@code (H·W, K)}.
 */
public final class TinyClassifier {

    public final int height;
    public final int width;
    public final int classes;
    public final float[] weights; // (H·W, K) row-major
    public final float[] bias; // (K)

    public TinyClassifier(int height, int width, float[] weights, float[] bias) {
        this.height = height;
        this.width = width;
        this.classes = bias.length;
        this.weights = weights;
        this.bias = bias;
        if (weights.length != height * width * classes) {
            throw new IllegalArgumentException("weights must be (H·W, K)");
        }
    }

    /** What ORT should compute, the obvious way: (N, 1, H, W) → (N, K). */
    public float[] reference(float[] input, int batch) {
        int d = height * width;
        float[] out = new float[batch * classes];
        for (int n = 0; n < batch; n++) {
            for (int k = 0; k < classes; k++) {
                double sum = bias[k];
                for (int i = 0; i < d; i++) {
                    sum += (double) input[n * d + i] * weights[i * classes + k];
                }
                out[n * classes + k] = (float) sum;
            }
        }
        return out;
    }

    public byte[] toBytes() {
        byte[] flatten = OnnxProto.node("Flatten", List.of("input"), "flat", OnnxProto.intAttribute("axis", 1));
        byte[] gemm = OnnxProto.node("Gemm", List.of("flat", "W", "b"), "cls_logits");
        return OnnxProto.model(OnnxProto.graph("tiny-cls", List.of(flatten, gemm),
                List.of(OnnxProto.floatTensor("W", weights, (long) height * width, classes), OnnxProto.floatTensor("b", bias, classes)),
                OnnxProto.valueInfo("input", -1, 1, height, width), OnnxProto.valueInfo("cls_logits", -1, classes)));
    }
}
