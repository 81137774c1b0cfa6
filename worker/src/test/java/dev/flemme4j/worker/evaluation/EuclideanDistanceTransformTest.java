package dev.flemme4j.worker.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The separable transform against the definition (minimum over all feature points), on random masks. */
class EuclideanDistanceTransformTest {
    @Test
    void matchesBruteForceIn1d2dAnd3d() {
        Random random = new Random(7);
        for (int[] shape : new int[][] {{9}, {7, 11}, {5, 6, 4}, {1, 8}}) {
            for (double density : new double[] {0.02, 0.2, 0.7}) {
                int n = 1;
                for (int s : shape) {
                    n *= s;
                }
                boolean[] features = new boolean[n];
                for (int i = 0; i < n; i++) {
                    features[i] = random.nextDouble() < density;
                }
                double[] d = EuclideanDistanceTransform.squared(features, shape);
                for (int i = 0; i < n; i++) {
                    assertEquals(bruteForce(features, shape, i), d[i], 0.0, "point " + i);
                }
            }
        }
    }

    @Test
    void noFeaturePointLeavesEverythingInfinitelyFar() {
        double[] d = EuclideanDistanceTransform.squared(new boolean[6], new int[] {2, 3});
        for (double v : d) {
            assertEquals(Double.POSITIVE_INFINITY, v);
        }
    }

    private static double bruteForce(boolean[] features, int[] shape, int at) {
        int[] a = coords(at, shape);
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < features.length; j++) {
            if (features[j]) {
                int[] b = coords(j, shape);
                double s = 0;
                for (int k = 0; k < a.length; k++) {
                    s += (double) (a[k] - b[k]) * (a[k] - b[k]);
                }
                best = Math.min(best, s);
            }
        }
        return best;
    }

    private static int[] coords(int index, int[] shape) {
        int[] c = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            c[k] = index % shape[k];
            index /= shape[k];
        }
        return c;
    }
}
