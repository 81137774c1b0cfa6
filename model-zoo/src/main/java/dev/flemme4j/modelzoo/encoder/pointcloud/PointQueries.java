package dev.flemme4j.modelzoo.encoder.pointcloud;

/**
 * The index computations of PointNet2 on the host, as loops that mirror upstream's CUDA kernels (pcd_ops): furthest
 * point sampling, ball query, k nearest neighbours and the three nearest neighbours with inverse-distance weights.
 * None of them is differentiable upstream either; the network gathers features with their results. Coordinates are
 * {@code (N, 3)} row-major floats of one cloud.
 */
final class PointQueries {
    /** Upstream's kernel never picks a point this close to the origin after the first (its padding convention). */
    private static final float ORIGIN_SKIP = 1e-3f;

    private PointQueries() {
    }

    /**
     * Furthest point sampling: index 0 first, then repeatedly the point whose squared distance to the chosen set is
     * largest (the first such index on ties).
     */
    static int[] furthestPoints(float[] xyz, int n, int m) {
        int[] chosen = new int[m];
        float[] nearest = new float[n];
        java.util.Arrays.fill(nearest, 1e10f);
        int last = 0;
        for (int j = 1; j < m; j++) {
            float x1 = xyz[3 * last];
            float y1 = xyz[3 * last + 1];
            float z1 = xyz[3 * last + 2];
            int best = 0;
            float bestDistance = -1;
            for (int k = 0; k < n; k++) {
                float x2 = xyz[3 * k];
                float y2 = xyz[3 * k + 1];
                float z2 = xyz[3 * k + 2];
                if (x2 * x2 + y2 * y2 + z2 * z2 <= ORIGIN_SKIP) {
                    continue;
                }
                float d = (x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1) + (z2 - z1) * (z2 - z1);
                float d2 = Math.min(d, nearest[k]);
                nearest[k] = d2;
                if (d2 > bestDistance) {
                    best = k;
                    bestDistance = d2;
                }
            }
            last = best;
            chosen[j] = last;
        }
        return chosen;
    }

    /**
     * Ball query: per centre the first {@code k} points (in index order) closer than {@code radius}; missing slots
     * repeat the first one found, and a centre with none gets point 0 (as the kernel leaves its zeroed output).
     */
    static int[] ballQuery(float[] xyz, int n, float[] centres, int m, int k, double radius) {
        int[] idx = new int[m * k];
        float r2 = (float) (radius * radius);
        for (int j = 0; j < m; j++) {
            float cx = centres[3 * j];
            float cy = centres[3 * j + 1];
            float cz = centres[3 * j + 2];
            int found = 0;
            for (int p = 0; p < n && found < k; p++) {
                float dx = cx - xyz[3 * p];
                float dy = cy - xyz[3 * p + 1];
                float dz = cz - xyz[3 * p + 2];
                if (dx * dx + dy * dy + dz * dz < r2) {
                    if (found == 0) {
                        java.util.Arrays.fill(idx, j * k, (j + 1) * k, p);
                    }
                    idx[j * k + found++] = p;
                }
            }
        }
        return idx;
    }

    /** The {@code k} nearest points of every centre (itself included when it is one of them), nearest first. */
    static int[] nearest(float[] xyz, int n, float[] centres, int m, int k) {
        int[] idx = new int[m * k];
        float[] d = new float[n];
        Integer[] order = new Integer[n];
        for (int j = 0; j < m; j++) {
            for (int p = 0; p < n; p++) {
                float dx = centres[3 * j] - xyz[3 * p];
                float dy = centres[3 * j + 1] - xyz[3 * p + 1];
                float dz = centres[3 * j + 2] - xyz[3 * p + 2];
                d[p] = dx * dx + dy * dy + dz * dz;
                order[p] = p;
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(d[a], d[b]));
            for (int i = 0; i < k; i++) {
                idx[j * k + i] = order[i];
            }
        }
        return idx;
    }

    /**
     * Three nearest known points of every unknown one and their weights {@code (1/(d+1e-8))} normalised to sum 1,
     * into {@code idx} and {@code weight} ({@code 3·n} each). As the kernel, fewer than three known points leave
     * index 0 at distance 1e40 (weight ≈ 0).
     */
    static void threeNearest(float[] unknown, int n, float[] known, int m, int[] idx, float[] weight) {
        for (int j = 0; j < n; j++) {
            double b1 = 1e40;
            double b2 = 1e40;
            double b3 = 1e40;
            int i1 = 0;
            int i2 = 0;
            int i3 = 0;
            for (int p = 0; p < m; p++) {
                float dx = unknown[3 * j] - known[3 * p];
                float dy = unknown[3 * j + 1] - known[3 * p + 1];
                float dz = unknown[3 * j + 2] - known[3 * p + 2];
                float d = dx * dx + dy * dy + dz * dz;
                if (d < b1) {
                    b3 = b2;
                    i3 = i2;
                    b2 = b1;
                    i2 = i1;
                    b1 = d;
                    i1 = p;
                } else if (d < b2) {
                    b3 = b2;
                    i3 = i2;
                    b2 = d;
                    i2 = p;
                } else if (d < b3) {
                    b3 = d;
                    i3 = p;
                }
            }
            float r1 = 1f / ((float) Math.sqrt((float) b1) + 1e-8f);
            float r2 = 1f / ((float) Math.sqrt((float) b2) + 1e-8f);
            float r3 = 1f / ((float) Math.sqrt((float) b3) + 1e-8f);
            float sum = r1 + r2 + r3;
            idx[3 * j] = i1;
            idx[3 * j + 1] = i2;
            idx[3 * j + 2] = i3;
            weight[3 * j] = r1 / sum;
            weight[3 * j + 1] = r2 / sum;
            weight[3 * j + 2] = r3 / sum;
        }
    }
}
