package dev.flemme4j.worker.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each metric against independent reference values. The inputs are regenerated here with the integer generator
 * of {@code src/test/resources/metrics/reference_metrics.py}; the expected numbers are that script's output
 * ({@code /usr/bin/python3 worker/src/test/resources/metrics/reference_metrics.py --flemme /tmp/flemme-ref}: scikit-image
 * 0.19.3's structural_similarity, peak_signal_noise_ratio, mean_squared_error and hausdorff_distance, scipy's cKDTree
 * for the modified Hausdorff distance, Flemme's Dice/mIoU/ACC formulas in numpy; the --flemme run also pushed the
 * same inputs through Flemme's own metric classes and found them equal within 1e-5).
 */
class MetricNumericsTest {
    /** scikit-image works in float64 here, we in double; only summation order differs. */
    private static final double TOL = 1e-9;

    @Test
    void reconstruction2d() {
        assertRecon(11, new long[] {1, 12, 10}, 1.0, 0.0,
                Map.of("MSE", 0.0140852470363, "PSNR", 18.5123553167, "SSIM", 0.91113112991));
    }

    @Test
    void reconstructionThreeChannelsInMinusOneToOne() {
        assertRecon(12, new long[] {3, 9, 8}, 2.0, -1.0,
                Map.of("MSE", 0.0144626506548, "PSNR", 24.4181209538, "SSIM", 0.958931410349));
    }

    @Test
    void reconstructionVolume() {
        assertRecon(13, new long[] {1, 8, 9, 7}, 1.0, 0.0,
                Map.of("MSE", 0.0132713402465, "PSNR", 18.7708521638, "SSIM", 0.93323385384));
    }

    @Test
    void psnrWithoutDataRangeFollowsScikitImagesRule() {
        // non-negative reconstruction: range 1; one with negative values: range 2
        assertRecon(14, new long[] {1, 7, 7}, null, 0.0, Map.of("MSE", 0.00968349830408, "PSNR", 20.1396771917));
        assertRecon(15, new long[] {1, 7, 7}, null, -0.9, Map.of("MSE", 0.0119752362196, "PSNR", 25.2377590241));
    }

    @Test
    void segmentationBinary2d() {
        assertSeg(21, new long[] {1, 16, 13}, 0.5, false,
                Map.of("Dice", 0.463768115968, "mIoU", 0.301886792497, "ACC", 0.466346153846, "HD", 2.0));
    }

    @Test
    void segmentationSparseMasksStandardAndModifiedHd() {
        assertSeg(24, new long[] {1, 20, 17}, 0.97, false,
                Map.of("Dice", 5.88235293772e-10, "mIoU", 5.88235293772e-10, "ACC", 0.95, "HD", 6.40312423743));
        assertSeg(24, new long[] {1, 20, 17}, 0.97, true,
                Map.of("Dice", 5.88235293772e-10, "mIoU", 5.88235293772e-10, "ACC", 0.95, "HD", 3.07383290671));
    }

    @Test
    void segmentationVolume() {
        assertSeg(22, new long[] {1, 6, 7, 5}, 0.8, false,
                Map.of("Dice", 0.292682926916, "mIoU", 0.171428571547, "ACC", 0.72380952381, "HD", 2.2360679775));
    }

    @Test
    void segmentationThreeClassesOneHot() {
        assertSeg(23, new long[] {3, 10, 9}, 0.0, false,
                Map.of("Dice", 0.349735449846, "mIoU", 0.213867940499, "ACC", 0.355555555556, "HD", 2.54480453839));
    }

    private static void assertRecon(long seed, long[] shape, Double range, double lo, Map<String, Double> expected) {
        Lcg g = new Lcg(seed);
        int n = count(shape);
        float[] x = g.floats(n, r -> lo + (1 - lo) * r);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (x[i] + 0.4 * (g.next() - 0.5));
        }
        ReconstructionScores s = new ReconstructionScores(range,
                expected.containsKey("SSIM") ? new StructuralSimilarity(shape, range) : null);
        s.add(x, 0, y, 0, n);
        assertMeans(expected, s.means());
    }

    private static void assertSeg(long seed, long[] shape, double t, boolean modified, Map<String, Double> expected) {
        Lcg g = new Lcg(seed);
        int n = count(shape);
        float[] logits = g.floats(n, r -> r - t);
        float[] label = new float[n];
        int channels = (int) shape[0];
        if (channels == 1) {
            label = g.floats(n, r -> r > t ? 1 : 0);
        } else {
            int voxels = n / channels;
            for (int i = 0; i < voxels; i++) {
                label[(int) (g.next() * channels) * voxels + i] = 1;
            }
        }
        SegmentationScores s = new SegmentationScores(shape,
                new HausdorffDistance(SegmentationScores.spatial(shape), modified));
        s.add(logits, 0, label, 0, n);
        assertMeans(expected, s.means());
    }

    private static void assertMeans(Map<String, Double> expected, Map<String, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        // the references are printed with 12 significant digits
        expected.forEach((k, v) -> assertEquals(v, actual.get(k), Math.max(TOL, Math.abs(v) * 1e-11), k));
    }

    private static int count(long[] shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        return n;
    }

    /** The script's generator: state ← (1103515245·state + 12345) mod 2³¹, value = state / 2³¹. */
    private static final class Lcg {
        private long state;

        Lcg(long seed) {
            state = seed;
        }

        double next() {
            state = (1103515245L * state + 12345L) % (1L << 31);
            return state / (double) (1L << 31);
        }

        float[] floats(int n, DoubleUnaryOperator f) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) f.applyAsDouble(next());
            }
            return v;
        }
    }
}
