package dev.flemme4j.modelzoo.loss.pointcloud;

import java.util.Arrays;

/** Independent exact solvers of the assignment problem used as references for {@link LinearAssignment}. */
final class AssignmentReferences {
    private AssignmentReferences() {
    }

    /** Every permutation (n ≤ 8). */
    static double bruteForce(float[] cost, int n) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        return permute(cost, n, perm, 0);
    }

    private static double permute(float[] cost, int n, int[] perm, int k) {
        if (k == n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += cost[i * n + perm[i]];
            }
            return s;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = k; i < n; i++) {
            swap(perm, k, i);
            best = Math.min(best, permute(cost, n, perm, k + 1));
            swap(perm, k, i);
        }
        return best;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Dynamic programming over the set of used columns (n ≤ 16): best[S] = cheapest match of the first |S| rows onto S. */
    static double subsetDp(float[] cost, int n) {
        double[] best = new double[1 << n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[0] = 0;
        for (int s = 0; s < (1 << n); s++) {
            if (best[s] == Double.POSITIVE_INFINITY) {
                continue;
            }
            int row = Integer.bitCount(s);
            if (row == n) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if ((s & (1 << j)) == 0) {
                    best[s | (1 << j)] = Math.min(best[s | (1 << j)], best[s] + cost[row * n + j]);
                }
            }
        }
        return best[(1 << n) - 1];
    }

    /**
     * Bertsekas' auction with ε-scaling on integer costs: the final ε below 1/n makes the matching optimal for
     * integer costs, so its total is exact. Returns the column of each row.
     */
    static int[] auction(long[] cost, int n) {
        double[] price = new double[n];
        int[] colOfRow = new int[n];
        int[] rowOfCol = new int[n];
        long max = Arrays.stream(cost).max().orElse(1);
        double finalEps = 1.0 / (n + 1);
        for (double eps = Math.max(max / 4.0, finalEps); ; eps = Math.max(eps / 5, finalEps)) {
            Arrays.fill(colOfRow, -1);
            Arrays.fill(rowOfCol, -1);
            java.util.ArrayDeque<Integer> free = new java.util.ArrayDeque<>();
            for (int i = 0; i < n; i++) {
                free.add(i);
            }
            while (!free.isEmpty()) {
                int i = free.poll();
                int bestCol = -1;
                double best = Double.NEGATIVE_INFINITY;
                double second = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double value = -cost[i * n + j] - price[j];
                    if (value > best) {
                        second = best;
                        best = value;
                        bestCol = j;
                    } else if (value > second) {
                        second = value;
                    }
                }
                price[bestCol] += (n == 1 ? 0 : best - second) + eps;
                if (rowOfCol[bestCol] >= 0) {
                    colOfRow[rowOfCol[bestCol]] = -1;
                    free.add(rowOfCol[bestCol]);
                }
                rowOfCol[bestCol] = i;
                colOfRow[i] = bestCol;
            }
            if (eps == finalEps) {
                return colOfRow;
            }
        }
    }
}
