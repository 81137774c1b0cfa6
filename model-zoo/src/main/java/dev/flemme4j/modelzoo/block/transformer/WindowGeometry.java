package dev.flemme4j.modelzoo.block.transformer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed arithmetic of (shifted) window attention on a patch grid: window partition order, the relative
 * position index into the bias table and the attention mask of shifted windows, all as upstream computes them
 * (windows row-major over the grid, positions row-major inside a window; mask −100 between positions from
 * different regions of the cyclically shifted grid).
 */
final class WindowGeometry {
    static final float MASKED = -100f;

    final int dims;
    final int[] grid;
    final int[] window;
    /** Per-axis shift, 0 on axes where the window covers the whole grid (upstream drops those). */
    final int[] shift;
    final int length;
    final int windows;

    WindowGeometry(List<Integer> grid, List<Integer> window, int shiftSize) {
        dims = grid.size();
        this.grid = grid.stream().mapToInt(Integer::intValue).toArray();
        this.window = window.stream().mapToInt(Integer::intValue).toArray();
        shift = new int[dims];
        int len = 1;
        int nW = 1;
        for (int i = 0; i < dims; i++) {
            if (this.grid[i] < this.window[i] || this.grid[i] % this.window[i] != 0) {
                throw new IllegalArgumentException("patch grid " + grid + " is not divisible by window " + window);
            }
            shift[i] = this.grid[i] > this.window[i] ? shiftSize : 0;
            if (shift[i] >= this.window[i]) {
                throw new IllegalArgumentException("shift " + shiftSize + " must be smaller than window " + window);
            }
            len *= this.window[i];
            nW *= this.grid[i] / this.window[i];
        }
        length = len;
        windows = nW;
    }

    boolean shifted() {
        return Arrays.stream(shift).anyMatch(s -> s > 0);
    }

    /** Entries of the bias table: {@code Π (2w - 1)}. */
    int tableSize() {
        int t = 1;
        for (int w : window) {
            t *= 2 * w - 1;
        }
        return t;
    }

    /** For each (query, key) pair of one window, row-major, its row in the bias table. */
    long[] relativeIndex() {
        int[][] coords = new int[length][];
        for (int p = 0; p < length; p++) {
            coords[p] = unravel(p, window);
        }
        long[] index = new long[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                long v = 0;
                for (int k = 0; k < dims; k++) {
                    v = v * (2L * window[k] - 1) + (coords[i][k] - coords[j][k] + window[k] - 1);
                }
                index[i * length + j] = v;
            }
        }
        return index;
    }

    /** {@code (nW, N, N)} additive mask of the shifted windows, row-major. */
    float[] mask() {
        int total = 1;
        for (int g : grid) {
            total *= g;
        }
        int[] region = new int[total];
        // upstream labels the grid by assigning slice after slice; later slices overwrite earlier ones
        List<int[][]> ranges = new ArrayList<>();
        for (int k = 0; k < dims; k++) {
            ranges.add(new int[][] {slice(0, -window[k], grid[k]), slice(-window[k], -shift[k], grid[k]),
                slice(-shift[k], grid[k], grid[k])});
        }
        int combos = (int) Math.pow(3, dims);
        for (int cnt = 0; cnt < combos; cnt++) {
            int[] pick = unravel(cnt, filled(dims, 3));
            for (int p = 0; p < total; p++) {
                int[] c = unravel(p, grid);
                boolean inside = true;
                for (int k = 0; k < dims && inside; k++) {
                    int[] r = ranges.get(k)[pick[k]];
                    inside = c[k] >= r[0] && c[k] < r[1];
                }
                if (inside) {
                    region[p] = cnt;
                }
            }
        }
        int[] perGrid = new int[dims];
        for (int k = 0; k < dims; k++) {
            perGrid[k] = grid[k] / window[k];
        }
        float[] mask = new float[windows * length * length];
        int[] labels = new int[length];
        for (int w = 0; w < windows; w++) {
            int[] wc = unravel(w, perGrid);
            for (int p = 0; p < length; p++) {
                int[] pc = unravel(p, window);
                int flat = 0;
                for (int k = 0; k < dims; k++) {
                    flat = flat * grid[k] + wc[k] * window[k] + pc[k];
                }
                labels[p] = region[flat];
            }
            for (int i = 0; i < length; i++) {
                for (int j = 0; j < length; j++) {
                    mask[(w * length + i) * length + j] = labels[i] == labels[j] ? 0f : MASKED;
                }
            }
        }
        return mask;
    }

    /** Python's {@code range(len)[start:stop]} for possibly negative bounds (stop == len means "to the end"). */
    private static int[] slice(int start, int stop, int len) {
        int a = start < 0 ? Math.max(0, len + start) : Math.min(start, len);
        int b = stop < 0 ? Math.max(0, len + stop) : Math.min(stop, len);
        if (stop == 0 && start < 0) {
            b = 0; // slice(-w, -0) is slice(-w, 0): empty
        }
        return new int[] {a, Math.max(a, b)};
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    private static int[] unravel(int flat, int[] sizes) {
        int[] c = new int[sizes.length];
        for (int k = sizes.length - 1; k >= 0; k--) {
            c[k] = flat % sizes[k];
            flat /= sizes[k];
        }
        return c;
    }

    /** Reshape of {@code (B, C, *grid)} that splits every axis into (windows, window). */
    long[] splitShape(long batch, int channels) {
        long[] s = new long[2 + 2 * dims];
        s[0] = batch;
        s[1] = channels;
        for (int k = 0; k < dims; k++) {
            s[2 + 2 * k] = grid[k] / window[k];
            s[3 + 2 * k] = window[k];
        }
        return s;
    }

    /** From the split shape to {@code (B, nW..., w..., C)}. */
    int[] partitionPerm() {
        int[] p = new int[2 + 2 * dims];
        p[0] = 0;
        for (int k = 0; k < dims; k++) {
            p[1 + k] = 2 + 2 * k;
            p[1 + dims + k] = 3 + 2 * k;
        }
        p[1 + 2 * dims] = 1;
        return p;
    }

    /** From {@code (B, nW..., w..., C)} back to the split shape. */
    int[] reversePerm() {
        int[] p = new int[2 + 2 * dims];
        p[0] = 0;
        p[1] = 1 + 2 * dims;
        for (int k = 0; k < dims; k++) {
            p[2 + 2 * k] = 1 + k;
            p[3 + 2 * k] = 1 + dims + k;
        }
        return p;
    }

    /** {@code (B, nW..., w..., C)} with the batch left open ({@code -1}). */
    long[] windowedShape(int channels) {
        long[] s = new long[2 + 2 * dims];
        s[0] = -1;
        for (int k = 0; k < dims; k++) {
            s[1 + k] = grid[k] / window[k];
            s[1 + dims + k] = window[k];
        }
        s[1 + 2 * dims] = channels;
        return s;
    }
}
