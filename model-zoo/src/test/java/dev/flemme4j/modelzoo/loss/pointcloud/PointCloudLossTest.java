package dev.flemme4j.modelzoo.loss.pointcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.flemme4j.modelzoo.loss.SampleLoss;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * CD, DCD and EMD on DJL against brute-force references written here in plain Java (double precision),
 * and their gradients against central finite differences.
 */
class PointCloudLossTest {
    private static final PointLossOptions SQUARED = PointLossOptions.DEFAULTS;
    private static final PointLossOptions ROOTED = new PointLossOptions(false, false, 1000, 1, false);

    private static float[][][] cloud(Random r, int batch, int points) {
        float[][][] c = new float[batch][points][3];
        for (float[][] s : c) {
            for (float[] p : s) {
                for (int k = 0; k < 3; k++) {
                    p[k] = r.nextFloat() * 2 - 1;
                }
            }
        }
        return c;
    }

    private static NDArray array(NDManager m, float[][][] c) {
        int b = c.length;
        int n = c[0].length;
        float[] flat = new float[b * n * 3];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < n; j++) {
                System.arraycopy(c[i][j], 0, flat, (i * n + j) * 3, 3);
            }
        }
        return m.create(flat, new Shape(b, n, 3));
    }

    private static double sq(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += ((double) a[k] - b[k]) * ((double) a[k] - b[k]);
        }
        return s;
    }

    /** Index of the nearest point of {@code to} for each point of {@code from}. */
    private static int[] nearest(float[][] from, float[][] to) {
        int[] idx = new int[from.length];
        for (int i = 0; i < from.length; i++) {
            for (int j = 1; j < to.length; j++) {
                if (sq(from[i], to[j]) < sq(from[i], to[idx[i]])) {
                    idx[i] = j;
                }
            }
        }
        return idx;
    }

    private static double chamferReference(float[][] x, float[][] y, boolean squared, boolean extended) {
        double a = 0;
        int[] ix = nearest(x, y);
        for (int i = 0; i < x.length; i++) {
            double d = sq(x[i], y[ix[i]]);
            a += squared ? d : Math.sqrt(d);
        }
        double b = 0;
        int[] iy = nearest(y, x);
        for (int j = 0; j < y.length; j++) {
            double d = sq(y[j], x[iy[j]]);
            b += squared ? d : Math.sqrt(d);
        }
        a /= x.length;
        b /= y.length;
        return extended ? Math.max(a, b) : (a + b) / 2;
    }

    /** One direction of DCD from the paper's definition: 1 − exp(−α·d²)·(|other|/|own|)/(shared count). */
    private static double densityTerm(float[][] own, float[][] other, double alpha) {
        int[] idx = nearest(own, other);
        int[] count = new int[other.length];
        for (int i : idx) {
            count[i]++;
        }
        double s = 0;
        for (int i = 0; i < own.length; i++) {
            double frac = (double) other.length / own.length;
            s += 1 - Math.exp(-alpha * sq(own[i], other[idx[i]])) * frac / (count[idx[i]] + 1e-6);
        }
        return s / own.length;
    }

    /** min over all permutations of the mean matched squared distance, and of the mean root of that matching. */
    private static double[] emdReference(float[][] x, float[][] y) {
        int n = x.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double[] best = {Double.POSITIVE_INFINITY, 0};
        search(x, y, perm, 0, best);
        return best;
    }

    private static void search(float[][] x, float[][] y, int[] perm, int k, double[] best) {
        if (k == perm.length) {
            double s = 0;
            double root = 0;
            for (int i = 0; i < perm.length; i++) {
                s += sq(x[i], y[perm[i]]);
                root += Math.sqrt(sq(x[i], y[perm[i]]));
            }
            if (s / perm.length < best[0]) {
                best[0] = s / perm.length;
                best[1] = root / perm.length;
            }
            return;
        }
        for (int i = k; i < perm.length; i++) {
            int t = perm[k];
            perm[k] = perm[i];
            perm[i] = t;
            search(x, y, perm, k + 1, best);
            perm[i] = perm[k];
            perm[k] = t;
        }
    }

    private static float[] perSample(SampleLoss loss, NDManager m, float[][][] x, float[][][] y) {
        return loss.perSample(array(m, x), array(m, y)).toFloatArray();
    }

    @Test
    void chamferMatchesBruteForceInEveryVariant() {
        Random r = new Random(1);
        float[][][] x = cloud(r, 3, 40);
        float[][][] y = cloud(r, 3, 23);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (boolean squared : new boolean[] {true, false}) {
                for (boolean extended : new boolean[] {false, true}) {
                    float[] got = perSample(new ChamferLoss(new PointLossOptions(squared, extended, 1000, 1, false)), m, x, y);
                    for (int b = 0; b < 3; b++) {
                        assertEquals(chamferReference(x[b], y[b], squared, extended), got[b], 1e-5,
                                "squared=" + squared + " extended=" + extended + " sample " + b);
                    }
                }
            }
        }
    }

    @Test
    void densityAwareChamferMatchesItsDefinition() {
        Random r = new Random(2);
        float[][][] x = cloud(r, 2, 30);
        float[][][] y = cloud(r, 2, 18);
        for (float[][] s : x) {
            for (float[] p : s) {
                p[0] *= 0.1f; // bunch x up so several of its points share a neighbour
            }
        }
        double alpha = 5;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] got = perSample(new DensityAwareChamferLoss(new PointLossOptions(true, false, alpha, 1, false)), m, x, y);
            for (int b = 0; b < 2; b++) {
                double want = (densityTerm(x[b], y[b], alpha) + densityTerm(y[b], x[b], alpha)) / 2;
                assertEquals(want, got[b], 1e-5);
            }
            float[] same = perSample(new DensityAwareChamferLoss(SQUARED), m, x, x);
            assertEquals(0, same[0], 1e-5, "identical clouds: every point is its own unique neighbour");
        }
    }

    @Test
    void emdMatchesEveryPermutationOnSmallClouds() {
        Random r = new Random(4);
        for (int n = 2; n <= 7; n++) {
            float[][][] x = cloud(r, 2, n);
            float[][][] y = cloud(r, 2, n);
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                float[] squared = perSample(new EmdLoss(SQUARED), m, x, y);
                float[] rooted = perSample(new EmdLoss(ROOTED), m, x, y);
                for (int b = 0; b < 2; b++) {
                    double[] want = emdReference(x[b], y[b]);
                    assertEquals(want[0], squared[b], 1e-5, "n=" + n);
                    assertEquals(want[1], rooted[b], 1e-5, "n=" + n);
                }
            }
        }
    }

    @Test
    void emdOfAShuffledCopyIsZeroAndItNeedsEqualSizes() {
        Random r = new Random(6);
        float[][][] x = cloud(r, 1, 64);
        float[][][] y = {new float[64][]};
        for (int i = 0; i < 64; i++) {
            y[0][i] = x[0][(i * 37 + 5) % 64];
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(0, perSample(new EmdLoss(SQUARED), m, x, y)[0], 1e-7);
            assertTrue(perSample(new ChamferLoss(SQUARED), m, x, cloud(r, 1, 64))[0] > 0.01);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> perSample(new EmdLoss(SQUARED), m, x, cloud(r, 1, 10)));
            assertTrue(e.getMessage().contains("64 points") && e.getMessage().contains("10"), e.getMessage());
        }
    }

    @Test
    void gradientsAgreeWithFiniteDifferencesAndPointDownhill() {
        Random r = new Random(8);
        float[][][] x = cloud(r, 1, 16);
        float[][][] y = cloud(r, 1, 16);
        check(x, y, new ChamferLoss(SQUARED));
        check(x, y, new ChamferLoss(ROOTED));
        check(x, y, new EmdLoss(SQUARED));
        check(x, y, new EmdLoss(ROOTED));
    }

    private static void check(float[][][] x, float[][][] y, SampleLoss loss) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray px = array(m, x);
            NDArray ty = array(m, y);
            px.setRequiresGradient(true);
            float[] grad;
            float value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.perSample(px, ty).sum();
                value = l.getFloat();
                gc.backward(l);
            }
            grad = px.getGradient().toFloatArray();
            double norm = 0;
            for (float g : grad) {
                assertTrue(Float.isFinite(g), loss.getClass().getSimpleName() + " gradient not finite");
                norm += g * g;
            }
            assertTrue(norm > 1e-8, "gradient vanished");
            Function<float[], Double> at = flat -> {
                try (NDManager s = m.newSubManager()) {
                    return (double) loss.perSample(s.create(flat, new Shape(1, 16, 3)), ty).getFloat();
                }
            };
            float[] base = px.toFloatArray();
            double h = 1e-3;
            for (int i = 0; i < base.length; i += 7) {
                float[] plus = base.clone();
                float[] minus = base.clone();
                plus[i] += (float) h;
                minus[i] -= (float) h;
                double fd = (at.apply(plus) - at.apply(minus)) / (2 * h);
                assertEquals(fd, grad[i], 2e-3 + 2e-2 * Math.abs(fd), loss.getClass().getSimpleName() + " coordinate " + i);
            }
            float[] step = base.clone();
            for (int i = 0; i < step.length; i++) {
                step[i] -= (float) (0.05 * grad[i] / Math.sqrt(norm));
            }
            assertTrue(at.apply(step) < value, "a step against the gradient must lower " + loss.getClass().getSimpleName());
        }
    }
}
