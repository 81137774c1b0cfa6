package dev.flemme4j.protocol.pointcloud;

import java.util.Random;

/**
 * Upstream's per-cloud transforms: {@code FixedPoints} (random sampling to {@code num} points, with replacement
 * by default; without it, whole permutations are concatenated so duplicates stay minimal), {@code Normalize}
 * (centre by the bounding-box middle ({@code minmax}) or the mean, scale by one factor so the largest
 * coordinate magnitude is 1, clip to [-1, 1]) and {@code ShufflePoints}. The random source is passed in so a
 * seed reproduces a run.
 */
public final class PointCloudTransforms {
    /** Upstream {@code Normalize.method}. */
    public enum Centre { MINMAX, MEAN }

    private PointCloudTransforms() {
    }

    public static PointCloud fixedPoints(PointCloud c, int num, boolean replace, Random random) {
        if (num <= 0) {
            throw new IllegalArgumentException("FixedPoints num must be positive, found " + num);
        }
        int[] choice = new int[num];
        if (replace) {
            for (int i = 0; i < num; i++) {
                choice[i] = random.nextInt(c.points());
            }
        } else {
            for (int filled = 0; filled < num; ) {
                int[] perm = permutation(c.points(), random);
                int take = Math.min(perm.length, num - filled);
                System.arraycopy(perm, 0, choice, filled, take);
                filled += take;
            }
        }
        return c.select(choice);
    }

    public static PointCloud shuffle(PointCloud c, Random random) {
        return c.select(permutation(c.points(), random));
    }

    public static PointCloud normalize(PointCloud c, Centre centre) {
        int d = c.dims();
        double[] middle = new double[d];
        for (int k = 0; k < d; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int i = 0; i < c.points(); i++) {
                double v = c.get(i, k);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                sum += v;
            }
            middle[k] = centre == Centre.MINMAX ? (lo + hi) / 2 : sum / c.points();
        }
        double range = 0;
        for (int i = 0; i < c.points(); i++) {
            for (int k = 0; k < d; k++) {
                range = Math.max(range, Math.abs(c.get(i, k) - middle[k]));
            }
        }
        float[] out = new float[c.values().length];
        for (int i = 0; i < c.points(); i++) {
            for (int k = 0; k < d; k++) {
                double v = (c.get(i, k) - middle[k]) / range;
                // a single-point cloud has range 0: upstream's nan_to_num turns 0/0 into 0
                out[i * d + k] = Double.isNaN(v) ? 0f : (float) Math.max(-1, Math.min(1, v));
            }
        }
        return new PointCloud(out, c.points(), d);
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
