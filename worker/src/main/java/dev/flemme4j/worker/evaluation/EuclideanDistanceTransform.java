package dev.flemme4j.worker.evaluation;

/**
 * Exact squared Euclidean distance from every grid point to the nearest feature point, on a row-major grid of
 * any dimension (Felzenszwalb and Huttenlocher's separable lower-envelope method: one 1-D pass per axis, linear
 * in the number of points). Distances are in index units, as scikit-image measures them on mask coordinates.
 */
final class EuclideanDistanceTransform {
    /** The value of points with no feature point at all in the grid. */
    static final double NONE = Double.POSITIVE_INFINITY;

    private EuclideanDistanceTransform() {
    }

    /** @return squared distance to the nearest {@code true} point of {@code features} (grid {@code shape}) */
    static double[] squared(boolean[] features, int[] shape) {
        double[] d = new double[features.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = features[i] ? 0 : NONE;
        }
        int maxLen = 0;
        for (int s : shape) {
            maxLen = Math.max(maxLen, s);
        }
        double[] line = new double[maxLen];
        double[] out = new double[maxLen];
        int[] hull = new int[maxLen];
        double[] bounds = new double[maxLen + 1];
        int inner = d.length;
        for (int axis = 0; axis < shape.length; axis++) {
            int len = shape[axis];
            inner /= len;
            int outer = d.length / (inner * len);
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * len * inner + i;
                    for (int k = 0; k < len; k++) {
                        line[k] = d[base + k * inner];
                    }
                    envelope(line, len, out, hull, bounds);
                    for (int k = 0; k < len; k++) {
                        d[base + k * inner] = out[k];
                    }
                }
            }
        }
        return d;
    }

    /**
     * out[q] = min over p of (q - p)² + f[p]. Only finite f[p] enter the envelope: an infinite one can never be
     * the minimum where a finite one exists, and leaving it out keeps the parabola intersections finite.
     */
    private static void envelope(double[] f, int n, double[] out, int[] hull, double[] bounds) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == NONE) {
                continue;
            }
            double s = Double.NEGATIVE_INFINITY;
            while (k >= 0) {
                int p = hull[k];
                s = ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
                if (s > bounds[k]) {
                    break;
                }
                k--;
            }
            k++;
            hull[k] = q;
            bounds[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
            bounds[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            java.util.Arrays.fill(out, 0, n, NONE);
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (bounds[j + 1] < q) {
                j++;
            }
            int p = hull[j];
            out[q] = (double) (q - p) * (q - p) + f[p];
        }
    }
}
