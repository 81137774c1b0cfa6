package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.tensor.NamedTensor;
import java.nio.FloatBuffer;

/**
 * Segmentation logits (N, K, *S) to masks and probabilities, per the manifest's {@link Postprocessing}:
 * {@code sigmoid_threshold} gives a 0/1 mask per channel (multi-label), {@code argmax} one class index per pixel.
 */
public final class SegmentationPostprocessor {

    private final Postprocessing spec;

    public SegmentationPostprocessor(Postprocessing spec) {
        this.spec = spec;
    }

    /** uint8 mask: (N, K, *S) of 0/1 for sigmoid_threshold, (N, 1, *S) of class indices for argmax. */
    public NamedTensor mask(NamedTensor logits, String name) {
        long[] s = logits.shape();
        int n = (int) s[0], k = (int) s[1];
        int plane = 1;
        for (int a = 2; a < s.length; a++) {
            plane *= (int) s[a];
        }
        FloatBuffer x = logits.asFloatBuffer();
        if (spec.kind() == Postprocessing.Kind.SIGMOID_THRESHOLD) {
            float t = (float) spec.logitThreshold();
            byte[] out = new byte[x.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (x.get(i) > t ? 1 : 0);
            }
            return NamedTensor.ofUint8(name, s, out);
        }
        byte[] out = new byte[n * plane];
        for (int b = 0; b < n; b++) {
            int base = b * k * plane;
            for (int p = 0; p < plane; p++) {
                int best = 0;
                float bestValue = x.get(base + p);
                for (int c = 1; c < k; c++) {
                    float v = x.get(base + c * plane + p);
                    if (v > bestValue) {
                        bestValue = v;
                        best = c;
                    }
                }
                out[b * plane + p] = (byte) best;
            }
        }
        long[] maskShape = s.clone();
        maskShape[1] = 1;
        return NamedTensor.ofUint8(name, maskShape, out);
    }

    /** float32 (N, K, *S): sigmoid per value, or softmax over K for argmax models. */
    public NamedTensor probabilities(NamedTensor logits, String name) {
        long[] s = logits.shape();
        float[] x = logits.toFloatArray();
        if (spec.kind() == Postprocessing.Kind.SIGMOID_THRESHOLD) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
            }
            return NamedTensor.ofFloats(name, s, x);
        }
        ChannelSoftmax.apply(x, s);
        return NamedTensor.ofFloats(name, s, x);
    }

    /**
     * One sample's mask as 8-bit gray levels (H×W): 0/255 for a one-channel sigmoid model; for argmax, class c of K
     * shown as round(c·255/(K−1)) so classes are told apart by eye (exact indices: use the tensor endpoint).
     */
    public int[] grayLevels(NamedTensor mask, int classes) {
        byte[] m = mask.toByteArray();
        int[] out = new int[m.length];
        boolean binary = spec.kind() == Postprocessing.Kind.SIGMOID_THRESHOLD || classes <= 2;
        for (int i = 0; i < m.length; i++) {
            int v = Byte.toUnsignedInt(m[i]);
            out[i] = binary ? (v != 0 ? 255 : 0) : Math.round(v * 255f / (classes - 1));
        }
        return out;
    }
}
