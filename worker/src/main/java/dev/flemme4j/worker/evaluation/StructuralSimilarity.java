package dev.flemme4j.worker.evaluation;

/**
 * Mean structural similarity of two images, per channel then averaged over channels, with scikit-image's
 * defaults as Flemme's SSIM calls it ({@code structural_similarity(x, y, data_range, channel_axis=0)}): a 7-wide
 * uniform window over every spatial axis, sample covariances (normalised by N-1), K1 = 0.01, K2 = 0.03. scikit-image
 * filters the whole image and then drops a 3-wide border before averaging; the windows it keeps lie entirely
 * inside the image, so summing over exactly those windows gives the same mean without any padding.
 */
final class StructuralSimilarity {
    static final int WINDOW = 7;
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;

    private final int channels;
    private final int[] spatial;
    private final int perChannel;
    private final double c1;
    private final double c2;

    /**
     * @param sampleShape (C, spatial...) of one sample
     * @throws IllegalArgumentException when a spatial side is shorter than the window (scikit-image refuses too)
     */
    StructuralSimilarity(long[] sampleShape, double dataRange) {
        if (sampleShape.length < 2) {
            throw new IllegalArgumentException("SSIM needs (channels, spatial...) samples, got " + java.util.Arrays.toString(sampleShape));
        }
        if (!(dataRange > 0)) {
            throw new IllegalArgumentException("SSIM data_range must be positive, got " + dataRange);
        }
        channels = (int) sampleShape[0];
        spatial = new int[sampleShape.length - 1];
        int n = 1;
        for (int i = 0; i < spatial.length; i++) {
            spatial[i] = (int) sampleShape[i + 1];
            if (spatial[i] < WINDOW) {
                throw new IllegalArgumentException("SSIM's " + WINDOW + "-wide window does not fit samples of shape "
                        + java.util.Arrays.toString(sampleShape) + " (every spatial side must be at least " + WINDOW + ")");
            }
            n *= spatial[i];
        }
        perChannel = n;
        c1 = (K1 * dataRange) * (K1 * dataRange);
        c2 = (K2 * dataRange) * (K2 * dataRange);
    }

    /** Mean SSIM of one sample, {@code C × spatial} values from each offset. */
    double of(float[] x, int xOffset, float[] y, int yOffset) {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += channel(x, xOffset + c * perChannel, y, yOffset + c * perChannel);
        }
        return sum / channels;
    }

    private double channel(float[] x, int xo, float[] y, int yo) {
        double[] sx = new double[perChannel];
        double[] sy = new double[perChannel];
        double[] sxx = new double[perChannel];
        double[] syy = new double[perChannel];
        double[] sxy = new double[perChannel];
        for (int i = 0; i < perChannel; i++) {
            double a = x[xo + i];
            double b = y[yo + i];
            sx[i] = a;
            sy[i] = b;
            sxx[i] = a * a;
            syy[i] = b * b;
            sxy[i] = a * b;
        }
        int[] shape = spatial.clone();
        for (int axis = 0; axis < shape.length; axis++) {
            sx = windowSums(sx, shape, axis);
            sy = windowSums(sy, shape, axis);
            sxx = windowSums(sxx, shape, axis);
            syy = windowSums(syy, shape, axis);
            sxy = windowSums(sxy, shape, axis);
            shape[axis] -= WINDOW - 1;
        }
        double np = Math.pow(WINDOW, spatial.length);
        double covNorm = np / (np - 1);
        double total = 0;
        for (int i = 0; i < sx.length; i++) {
            double ux = sx[i] / np;
            double uy = sy[i] / np;
            double vx = covNorm * (sxx[i] / np - ux * ux);
            double vy = covNorm * (syy[i] / np - uy * uy);
            double vxy = covNorm * (sxy[i] / np - ux * uy);
            total += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
        }
        return total / sx.length;
    }

    /** Sums over every window of {@link #WINDOW} consecutive values along {@code axis} (the axis shrinks by 6). */
    private static double[] windowSums(double[] in, int[] shape, int axis) {
        int len = shape[axis];
        int outLen = len - WINDOW + 1;
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = in.length / (len * inner);
        double[] out = new double[outer * outLen * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int src = o * len * inner + i;
                int dst = o * outLen * inner + i;
                double run = 0;
                for (int k = 0; k < WINDOW; k++) {
                    run += in[src + k * inner];
                }
                out[dst] = run;
                for (int k = 1; k < outLen; k++) {
                    run += in[src + (k + WINDOW - 1) * inner] - in[src + (k - 1) * inner];
                    out[dst + k * inner] = run;
                }
            }
        }
        return out;
    }
}
