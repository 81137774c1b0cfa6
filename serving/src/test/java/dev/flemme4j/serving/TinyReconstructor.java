package dev.flemme4j.serving;

import java.util.List;

/**
 * An AE stand-in written by hand ({@link OnnxProto}): {@code recon = Conv1×1(input, W, B)}, one input channel to
 * C output channels, so {@code recon[n, c] = W[c]·input[n, 0] + B[c]}; input {@code [N, 1, H, W]}.
 */
public final class TinyReconstructor {

    public final int height;
    public final int width;
    public final float[] scale; // (C)
    public final float[] shift; // (C)

    public TinyReconstructor(int height, int width, float[] scale, float[] shift) {
        this.height = height;
        this.width = width;
        this.scale = scale;
        this.shift = shift;
    }

    public int channels() {
        return scale.length;
    }

    /** What ORT should compute: (N, 1, H, W) → (N, C, H, W). */
    public float[] reference(float[] input, int batch) {
        int plane = height * width, c = channels();
        float[] out = new float[batch * c * plane];
        for (int n = 0; n < batch; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < plane; i++) {
                    out[(n * c + ch) * plane + i] = scale[ch] * input[n * plane + i] + shift[ch];
                }
            }
        }
        return out;
    }

    public byte[] toBytes() {
        byte[] conv = OnnxProto.node("Conv", List.of("input", "W", "B"), "recon", OnnxProto.intsAttribute("kernel_shape", 1, 1));
        return OnnxProto.model(OnnxProto.graph("tiny-ae", List.of(conv),
                List.of(OnnxProto.floatTensor("W", scale, channels(), 1, 1, 1), OnnxProto.floatTensor("B", shift, channels())),
                OnnxProto.valueInfo("input", -1, 1, height, width), OnnxProto.valueInfo("recon", -1, channels(), height, width)));
    }
}
