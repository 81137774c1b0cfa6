package dev.flemme4j.modelzoo.loss.pointcloud;

/**
 * Upstream's point-cloud evaluation metrics on one sample, {@code float[points][dims]}: Chamfer as the mean
 * (non-squared) nearest-neighbour distance, EMD as the mean Euclidean distance under the optimal one-to-one
 * matching (upstream solves the same transport problem with POT's {@code ot.emd}; with equal sizes and uniform
 * weights its optimum is a permutation), and the point F-score with the Hausdorff distance.
 */
public final class PointCloudMetrics {
    /** Upstream CD {@code metric}: Euclidean or Manhattan point distance. */
    public enum Metric { L2, L1 }

    /** Upstream CD {@code direction}: both ways averaged, or one way only. */
    public enum Direction { BI, X_TO_Y, Y_TO_X }

    /** F-score at the threshold and the Hausdorff distance (upstream {@code F1&HD-Point}). */
    public record FScoreAndHausdorff(double fScore, double hausdorff) {
    }

    private PointCloudMetrics() {
    }

    public static double chamfer(float[][] x, float[][] y, Metric metric, Direction direction) {
        return switch (direction) {
            case X_TO_Y -> mean(nearest(x, y, metric));
            case Y_TO_X -> mean(nearest(y, x, metric));
            case BI -> (mean(nearest(y, x, metric)) + mean(nearest(x, y, metric))) / 2;
        };
    }

    public static double emd(float[][] x, float[][] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("EMD needs clouds of equal size here; got " + x.length + " and " + y.length);
        }
        int n = x.length;
        float[] cost = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost[i * n + j] = (float) distance(x[i], y[j], Metric.L2);
            }
        }
        int[] match = LinearAssignment.solve(cost, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += distance(x[i], y[match[i]], Metric.L2);
        }
        return sum / n;
    }

    /** Precision is the share of {@code x} within {@code tau} of {@code y}, recall the converse. */
    public static FScoreAndHausdorff fScoreAndHausdorff(float[][] x, float[][] y, double tau, Metric metric) {
        double[] xToY = nearest(x, y, metric);
        double[] yToX = nearest(y, x, metric);
        double precision = shareBelow(xToY, tau);
        double recall = shareBelow(yToX, tau);
        double f = (2 * precision * recall + 1e-8) / (precision + recall + 1e-8);
        return new FScoreAndHausdorff(f, Math.max(max(xToY), max(yToX)));
    }

    /** For each point of {@code from} the distance to its nearest point of {@code to}. */
    static double[] nearest(float[][] from, float[][] to, Metric metric) {
        double[] out = new double[from.length];
        for (int i = 0; i < from.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (float[] q : to) {
                best = Math.min(best, distance(from[i], q, metric));
            }
            out[i] = best;
        }
        return out;
    }

    private static double distance(float[] a, float[] b, Metric metric) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (double) a[k] - b[k];
            s += metric == Metric.L2 ? d * d : Math.abs(d);
        }
        return metric == Metric.L2 ? Math.sqrt(s) : s;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    private static double shareBelow(double[] v, double tau) {
        int c = 0;
        for (double d : v) {
            if (d < tau) {
                c++;
            }
        }
        return (double) c / v.length;
    }
}
