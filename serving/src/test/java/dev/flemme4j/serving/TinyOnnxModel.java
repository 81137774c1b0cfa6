package dev.flemme4j.serving;

import java.util.List;

/**
 * A one-node segmentation model written by hand ({@link OnnxProto}): {@code seg_logits = Conv(input, W, B)} with a
 * 3×3 kernel, padding 1, one input and one output channel; input {@code [N, 1, H, W]} with a dynamic batch.
 */
public final class TinyOnnxModel {

    public final int height;
    public final int width;
    public final float[] kernel; // 3×3 row-major
    public final float bias;

    public TinyOnnxModel(int height, int width, float[] kernel, float bias) {
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.bias = bias;
    }

    /** What ORT should compute, written the slow obvious way: (N, 1, H, W) → (N, 1, H, W), zero padding. */
    public float[] reference(float[] input, int batch) {
        float[] out = new float[input.length];
        for (int n = 0; n < batch; n++) {
            int base = n * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float sum = bias;
                    for (int ky = -1; ky <= 1; ky++) {
                        for (int kx = -1; kx <= 1; kx++) {
                            int sy = y + ky, sx = x + kx;
                            if (sy >= 0 && sy < height && sx >= 0 && sx < width) {
                                sum += kernel[(ky + 1) * 3 + kx + 1] * input[base + sy * width + sx];
                            }
                        }
                    }
                    out[base + y * width + x] = sum;
                }
            }
        }
        return out;
    }

    public byte[] toBytes() {
        byte[] conv = OnnxProto.node("Conv", List.of("input", "W", "B"), "seg_logits",
                OnnxProto.intsAttribute("kernel_shape", 3, 3), OnnxProto.intsAttribute("pads", 1, 1, 1, 1));
        return OnnxProto.model(OnnxProto.graph("tiny", List.of(conv),
                List.of(OnnxProto.floatTensor("W", kernel, 1, 1, 3, 3), OnnxProto.floatTensor("B", new float[] {bias}, 1)),
                OnnxProto.valueInfo("input", -1, 1, height, width), OnnxProto.valueInfo("seg_logits", -1, 1, height, width)));
    }
}
