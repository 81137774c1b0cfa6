package dev.flemme4j.worker.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.ModelTask;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CD and EMD as validation metrics, against brute force written here: nearest neighbours by a full scan and the
 * EMD matching by trying every permutation (clouds of up to 6 points).
 */
class PointCloudScoresTest {
    private static final int C = 3;

    @Test
    void cdAndEmdMatchBruteForceOverSeveralSamples() {
        Random r = new Random(7);
        for (int n : new int[] {1, 4, 6}) {
            ValidationScores s = ValidationScores.forTask(ModelTask.RECONSTRUCT, new long[] {C, n},
                    spec("evaluation_metrics:\n  recon: [{name: MSE}, {name: CD}, {name: EMD}]\n"));
            double cd = 0;
            double emd = 0;
            int samples = 3;
            float[] pred = new float[samples * C * n];
            float[] target = new float[samples * C * n];
            for (int i = 0; i < pred.length; i++) {
                pred[i] = (float) r.nextGaussian();
                target[i] = (float) r.nextGaussian();
            }
            for (int b = 0; b < samples; b++) {
                double[][] x = points(pred, b * C * n, n);
                double[][] y = points(target, b * C * n, n);
                cd += (meanNearest(x, y, false) + meanNearest(y, x, false)) / 2;
                emd += bestPermutation(x, y);
                s.add(pred, b * C * n, target, b * C * n, C * n);
            }
            Map<String, Double> m = s.means();
            assertEquals(List.of("MSE", "CD", "EMD"), List.copyOf(m.keySet()));
            assertEquals(cd / samples, m.get("CD"), 1e-5, "n=" + n);
            assertEquals(emd / samples, m.get("EMD"), 1e-5, "n=" + n);
            assertTrue(m.get("EMD") >= m.get("CD") - 1e-6 || n == 1, "EMD is at least the one-way nearest distance");
        }
    }

    @Test
    void chamferOptionsFollowUpstreamsKeys() {
        // x: the reconstruction, y: the target; x has an outlier that only the x_to_y direction sees
        float[][] xs = {{0, 0, 0}, {5, 0, 0}};
        float[][] ys = {{0, 0, 1}, {1, 1, 0}};
        float[] pred = channelsFirst(xs);
        float[] target = channelsFirst(ys);
        double[][] x = points(pred, 0, 2);
        double[][] y = points(target, 0, 2);
        ValidationScores l1 = ValidationScores.forTask(ModelTask.RECONSTRUCT, new long[] {C, 2},
                spec("evaluation_metrics:\n  recon: [{name: Chamfer, metric: l1, direction: x_to_y}]\n"));
        l1.add(pred, 0, target, 0, pred.length);
        assertEquals(Map.of("Chamfer", meanNearest(x, y, true)), l1.means());
        ValidationScores back = ValidationScores.forTask(ModelTask.RECONSTRUCT, new long[] {C, 2},
                spec("evaluation_metrics:\n  recon: [{name: CD, direction: y_to_x}]\n"));
        back.add(pred, 0, target, 0, pred.length);
        assertEquals(meanNearest(y, x, false), back.means().get("CD"), 1e-6);
        assertTrue(back.means().get("CD") < l1.means().get("Chamfer"));
    }

    @Test
    void badPointMetricConfigsNameTheKey() {
        ConfigException reg = assertThrows(ConfigException.class,
                () -> spec("evaluation_metrics:\n  recon: [{name: EMD, reg: 0.1}]\n"));
        assertTrue(reg.path().endsWith("reg"), reg.path());
        ConfigException metric = assertThrows(ConfigException.class,
                () -> spec("evaluation_metrics:\n  recon: [{name: CD, metric: cosine}]\n"));
        assertTrue(metric.path().endsWith("metric"), metric.path());
        ConfigException image = assertThrows(ConfigException.class, () -> ValidationScores.forTask(
                ModelTask.RECONSTRUCT, new long[] {1, 8, 8}, spec("evaluation_metrics:\n  recon: [{name: CD}]\n")));
        assertEquals("evaluation_metrics.recon", image.path());
        assertTrue(image.getMessage().contains("point-cloud"), image.getMessage());
        TrainJobSpec score = spec("evaluation_metrics:\n  recon: [{name: EMD}]\nscore_metric: {name: EMD}\n");
        assertTrue(score.warnings().stream().anyMatch(w -> w.contains("lowest")), score.warnings().toString());
    }

    private static float[] channelsFirst(float[][] cloud) {
        float[] v = new float[C * cloud.length];
        for (int p = 0; p < cloud.length; p++) {
            for (int c = 0; c < C; c++) {
                v[c * cloud.length + p] = cloud[p][c];
            }
        }
        return v;
    }

    private static double[][] points(float[] v, int offset, int n) {
        double[][] p = new double[n][C];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < C; c++) {
                p[i][c] = v[offset + c * n + i];
            }
        }
        return p;
    }

    private static double dist(double[] a, double[] b, boolean l1) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            s += l1 ? Math.abs(a[c] - b[c]) : (a[c] - b[c]) * (a[c] - b[c]);
        }
        return l1 ? s : Math.sqrt(s);
    }

    private static double meanNearest(double[][] from, double[][] to, boolean l1) {
        double sum = 0;
        for (double[] p : from) {
            double best = Double.MAX_VALUE;
            for (double[] q : to) {
                best = Math.min(best, dist(p, q, l1));
            }
            sum += best;
        }
        return sum / from.length;
    }

    /** The smallest mean matched distance over all n! matchings. */
    private static double bestPermutation(double[][] x, double[][] y) {
        int n = x.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double best = Double.MAX_VALUE;
        do {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += dist(x[i], y[perm[i]], false);
            }
            best = Math.min(best, s / n);
        } while (nextPermutation(perm));
        return best;
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = a.length - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }

    private static TrainJobSpec spec(String extra) {
        return TrainJobSpec.parse("""
                mode: train
                model: {name: AE}
                loader:
                  dataset: {name: PcdDataset, data_path: x}
                optimizer: {name: Adam, lr: 0.001}
                """ + extra);
    }
}
