package dev.flemme4j.modelzoo.loss.pointcloud;

import java.util.Arrays;

/**
 * Exact minimum-cost perfect matching of a square cost matrix by shortest augmenting paths with dual
 * potentials (the Hungarian method in its O(n³) form). Row {@code i} is matched to column {@code result[i]}.
 * Costs are read as floats (a 2048² matrix is 16 MB) and accumulated in doubles.
 */
public final class LinearAssignment {
    private LinearAssignment() {
    }

    /**
     * @param cost row-major {@code n × n} costs, finite
     * @param n    the side of the matrix
     * @return for each row the column it is matched to; a permutation of {@code 0..n-1}
     */
    public static int[] solve(float[] cost, int n) {
        if (cost.length != (long) n * n) {
            throw new IllegalArgumentException("cost has " + cost.length + " entries, expected " + n + "×" + n);
        }
        // index 0 is a virtual column used as the root of every search; rows and columns are 1-based below
        double[] rowPotential = new double[n + 1];
        double[] colPotential = new double[n + 1];
        int[] rowOfCol = new int[n + 1];
        int[] previousCol = new int[n + 1];
        double[] slack = new double[n + 1];
        boolean[] visited = new boolean[n + 1];
        for (int row = 1; row <= n; row++) {
            rowOfCol[0] = row;
            int col = 0;
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            Arrays.fill(visited, false);
            do {
                visited[col] = true;
                int r = rowOfCol[col];
                int base = (r - 1) * n - 1;
                double delta = Double.POSITIVE_INFINITY;
                int nextCol = 0;
                for (int j = 1; j <= n; j++) {
                    if (visited[j]) {
                        continue;
                    }
                    double reduced = cost[base + j] - rowPotential[r] - colPotential[j];
                    if (reduced < slack[j]) {
                        slack[j] = reduced;
                        previousCol[j] = col;
                    }
                    if (slack[j] < delta) {
                        delta = slack[j];
                        nextCol = j;
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (visited[j]) {
                        rowPotential[rowOfCol[j]] += delta;
                        colPotential[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                col = nextCol;
            } while (rowOfCol[col] != 0);
            while (col != 0) {
                int prior = previousCol[col];
                rowOfCol[col] = rowOfCol[prior];
                col = prior;
            }
        }
        int[] colOfRow = new int[n];
        for (int j = 1; j <= n; j++) {
            colOfRow[rowOfCol[j] - 1] = j - 1;
        }
        return colOfRow;
    }
}
