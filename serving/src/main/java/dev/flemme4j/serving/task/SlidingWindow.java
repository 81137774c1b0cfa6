package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Segmentation of inputs larger than the model's fixed spatial size, 2D or 3D: windows of the model's size are
 * placed with the given overlap along every axis (the last one flush with the far edge), run through the model
 * (each window is its own batched call, so windows of one request and of concurrent requests share ORT runs),
 * and the (N, K, *W) outputs are blended into (N, K, *S) with per-pixel weights — all 1 ({@code uniform}) or a
 * Gaussian centred on the window with σ = window/8 per axis ({@code gaussian}), so pixels near window borders,
 * where padding distorts the model, count less.
 */
public final class SlidingWindow {

    public enum Blend {
        UNIFORM, GAUSSIAN;

        public static Blend parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    private final int[] window;
    private final double overlap;
    private final Blend blend;

    /**
     * @param window  spatial size of one window (the model's input without N and C)
     * @param overlap fraction of a window shared with its neighbour, in [0, 1)
     */
    public SlidingWindow(int[] window, double overlap, Blend blend) {
        if (!(overlap >= 0 && overlap < 1)) {
            throw new IllegalArgumentException("Invalid value " + overlap + " for overlap: must be in [0, 1)");
        }
        this.window = window.clone();
        this.overlap = overlap;
        this.blend = blend;
    }

    /** Window origins along an axis of {@code size}: every stride, plus one flush with the end. */
    static int[] starts(int size, int win, double overlap) {
        if (size <= win) {
            return new int[] {0};
        }
        int stride = Math.max(1, (int) Math.floor(win * (1 - overlap)));
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s + win < size; s += stride) {
            out.add(s);
        }
        out.add(size - win);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Blending weights over one window, row-major. */
    float[] weights() {
        int n = 1;
        for (int w : window) {
            n *= w;
        }
        float[] out = new float[n];
        int[] idx = new int[window.length];
        for (int i = 0; i < n; i++) {
            double w = 1;
            if (blend == Blend.GAUSSIAN) {
                for (int a = 0; a < window.length; a++) {
                    double sigma = window[a] / 8.0;
                    double d = idx[a] - (window[a] - 1) / 2.0;
                    w *= Math.exp(-d * d / (2 * sigma * sigma));
                }
            }
            out[i] = (float) Math.max(w, 1e-6);
            for (int a = window.length - 1; a >= 0 && ++idx[a] == window[a]; a--) {
                idx[a] = 0;
            }
        }
        return out;
    }

    /**
     * Runs {@code input} (N, C, *S) with every S ≥ the window through {@code model} window by window.
     * Extraction and blending happen on {@code cpu}.
     */
    public CompletableFuture<NamedTensor> run(NamedTensor input, Function<NamedTensor, CompletableFuture<NamedTensor>> model, Executor cpu) {
        long[] shape = input.shape();
        int d = window.length;
        if (shape.length != d + 2) {
            throw new IllegalArgumentException("input " + Arrays.toString(shape) + " does not have " + d + " spatial axes");
        }
        int n = (int) shape[0], c = (int) shape[1];
        int[] size = new int[d];
        for (int a = 0; a < d; a++) {
            size[a] = (int) shape[a + 2];
        }
        int[][] starts = new int[d][];
        int count = 1;
        for (int a = 0; a < d; a++) {
            starts[a] = starts(size[a], window[a], overlap);
            count *= starts[a].length;
        }
        List<int[]> origins = new ArrayList<>(count);
        int[] pick = new int[d];
        for (int i = 0; i < count; i++) {
            int[] o = new int[d];
            for (int a = 0; a < d; a++) {
                o[a] = starts[a][pick[a]];
            }
            origins.add(o);
            for (int a = d - 1; a >= 0 && ++pick[a] == starts[a].length; a--) {
                pick[a] = 0;
            }
        }
        return CompletableFuture.supplyAsync(input::toFloatArray, cpu).thenCompose(x -> {
            List<CompletableFuture<NamedTensor>> parts = new ArrayList<>();
            long[] patchShape = new long[d + 2];
            patchShape[0] = n;
            patchShape[1] = c;
            for (int a = 0; a < d; a++) {
                patchShape[a + 2] = window[a];
            }
            for (int[] o : origins) {
                float[] patch = new float[n * c * volume(window)];
                copyWindow(x, n * c, size, o, patch);
                parts.add(model.apply(NamedTensor.ofFloats(input.name(), patchShape, patch)));
            }
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .thenApplyAsync(v -> blend(parts.stream().map(CompletableFuture::join).toList(), origins, n, size), cpu);
        });
    }

    private NamedTensor blend(List<NamedTensor> outs, List<int[]> origins, int n, int[] size) {
        NamedTensor first = outs.get(0);
        long[] os = first.shape();
        if (first.dtype() != DType.FLOAT32 || os.length != window.length + 2 || os[0] != n) {
            throw new IllegalStateException("model output " + first + " is not (N, K, *window) float32");
        }
        for (int a = 0; a < window.length; a++) {
            if (os[a + 2] != window[a]) {
                throw new IllegalStateException("model output " + first + " does not keep the window size " + Arrays.toString(window));
            }
        }
        int k = (int) os[1];
        int channels = n * k;
        int plane = volume(size);
        float[] w = weights();
        float[] acc = new float[channels * plane];
        float[] norm = new float[plane];
        float[] weighted = new float[channels * w.length];
        for (int i = 0; i < outs.size(); i++) {
            float[] y = outs.get(i).toFloatArray();
            for (int ch = 0; ch < channels; ch++) {
                for (int p = 0; p < w.length; p++) {
                    weighted[ch * w.length + p] = y[ch * w.length + p] * w[p];
                }
            }
            addWindow(weighted, channels, size, origins.get(i), acc);
            addWindow(w, 1, size, origins.get(i), norm);
        }
        for (int ch = 0; ch < channels; ch++) {
            for (int p = 0; p < plane; p++) {
                acc[ch * plane + p] /= norm[p];
            }
        }
        long[] shape = new long[window.length + 2];
        shape[0] = n;
        shape[1] = k;
        for (int a = 0; a < window.length; a++) {
            shape[a + 2] = size[a];
        }
        return NamedTensor.ofFloats(first.name(), shape, acc);
    }

    private static int volume(int[] dims) {
        int v = 1;
        for (int x : dims) {
            v *= x;
        }
        return v;
    }

    /** Copies the window at {@code origin} of a (channels, *size) array into a (channels, *window) one. */
    private void copyWindow(float[] big, int channels, int[] size, int[] origin, float[] small) {
        forEachRow(channels, size, origin, (bigOffset, smallOffset, len) -> System.arraycopy(big, bigOffset, small, smallOffset, len));
    }

    private void addWindow(float[] small, int channels, int[] size, int[] origin, float[] big) {
        forEachRow(channels, size, origin, (bigOffset, smallOffset, len) -> {
            for (int i = 0; i < len; i++) {
                big[bigOffset + i] += small[smallOffset + i];
            }
        });
    }

    private interface RowVisitor {
        void row(int bigOffset, int smallOffset, int length);
    }

    // Walks the window's rows along the last axis: contiguous in both arrays.
    private void forEachRow(int channels, int[] size, int[] origin, RowVisitor visitor) {
        int d = window.length;
        int bigPlane = volume(size), smallPlane = volume(window);
        int rows = smallPlane / window[d - 1];
        int[] idx = new int[d - 1];
        for (int ch = 0; ch < channels; ch++) {
            Arrays.fill(idx, 0);
            for (int r = 0; r < rows; r++) {
                int big = 0, small = 0;
                for (int a = 0; a < d - 1; a++) {
                    big = big * size[a] + origin[a] + idx[a];
                    small = small * window[a] + idx[a];
                }
                big = big * size[d - 1] + origin[d - 1];
                small = small * window[d - 1];
                visitor.row(ch * bigPlane + big, ch * smallPlane + small, window[d - 1]);
                for (int a = d - 2; a >= 0 && ++idx[a] == window[a]; a--) {
                    idx[a] = 0;
                }
            }
        }
    }
}
