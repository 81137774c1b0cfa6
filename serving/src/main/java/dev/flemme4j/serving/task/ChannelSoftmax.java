package dev.flemme4j.serving.task;

/**
 * Softmax over axis 1 of a (N, K, *S) float array, in place; used for per-pixel class probabilities (segment)
 * and per-sample ones (classify, where *S is empty). Shifts by the maximum so large logits do not overflow.
 */
public final class ChannelSoftmax {

    private ChannelSoftmax() {
    }

    public static void apply(float[] x, long[] shape) {
        int n = (int) shape[0], k = (int) shape[1];
        int plane = 1;
        for (int i = 2; i < shape.length; i++) {
            plane *= (int) shape[i];
        }
        for (int b = 0; b < n; b++) {
            int base = b * k * plane;
            for (int p = 0; p < plane; p++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, x[base + c * plane + p]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(x[base + c * plane + p] - max);
                }
                for (int c = 0; c < k; c++) {
                    int i = base + c * plane + p;
                    x[i] = (float) (Math.exp(x[i] - max) / sum);
                }
            }
        }
    }
}
