package dev.flemme4j.modelzoo.block.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.encoder.AttentionSettings;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Flemme's {@code FFTAttenBlock} on {@code (B, C, *S) → (B, C, *S)}: {@code irfftn(atten(view_as_real(rfftn(x))))}
 * over the spatial axes, plus the input (skip). The attention sees {@code (B, C, *S', 2)} (real and imaginary
 * parts as extra positions) and has no skip of its own.
 *
 * <p>The transforms are written as products with constant DFT matrices (DJL's PyTorch engine has no
 * differentiable real FFT; ONNX exports them as MatMul, so ONNX Runtime needs no DFT kernel): a real DFT along
 * the last axis ({@code W → W/2+1} bins), a complex DFT along every other spatial axis, and the exact inverses
 * ({@code irfft} ignores the imaginary parts of the DC and Nyquist bins, as PyTorch's c2r transform does).
 * Like upstream's skip addition, this needs an even last spatial size.
 */
public final class FftAttentionBlock extends NetworkBlock {
    private final int dims;
    private final SelfAttentionBlock atten;
    private final boolean skip;
    private long[] spatial;

    public FftAttentionBlock(int dims, int channels, AttentionSettings s, boolean skip) {
        this.dims = dims;
        this.skip = skip;
        this.atten = addChildBlock("atten", new SelfAttentionBlock(channels, dims + 3, s, false));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        spatial = x.slice(2).getShape();
        long w = spatial[dims - 1];
        if (w % 2 != 0) {
            throw new IllegalArgumentException("fft_atten needs an even last spatial size (upstream's irfftn returns "
                    + (w - 1) + " instead of " + w + "), found " + x);
        }
        long[] f = new long[dims + 3];
        f[0] = x.get(0);
        f[1] = x.get(1);
        System.arraycopy(spatial, 0, f, 2, dims);
        f[dims + 1] = w / 2 + 1;
        f[dims + 2] = 2;
        atten.initialize(manager, dataType, new Shape(f));
    }

    // ---- DFT matrices (row index = input position, column = output position) ---------------------

    /** cos(2π jk/n) and sin(2π jk/n), n×m (for a complex DFT m = n). */
    private static float[] trig(int n, int m, boolean sine, double factor) {
        float[] r = new float[n * m];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < m; k++) {
                double a = 2 * Math.PI * ((long) j * k % n) / n;
                r[j * m + k] = (float) (factor * (sine ? Math.sin(a) : Math.cos(a)));
            }
        }
        return r;
    }

    /** Inverse real DFT, (n/2+1)×n: real part (cos) or imaginary part (-sin), with the Hermitian weights. */
    private static float[] inverseReal(int n, boolean sine) {
        int m = n / 2 + 1;
        float[] r = new float[m * n];
        for (int k = 0; k < m; k++) {
            double c = (k == 0 || 2 * k == n) ? 1.0 : 2.0;
            for (int j = 0; j < n; j++) {
                double a = 2 * Math.PI * ((long) j * k % n) / n;
                r[k * n + j] = (float) (sine ? -c * Math.sin(a) / n : c * Math.cos(a) / n);
            }
        }
        return r;
    }

    private static NDArray matrix(NDManager m, float[] values, int rows, int cols) {
        return m.create(values, new Shape(rows, cols));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager m = x.getManager();
        int rank = dims + 2;
        int w = (int) x.getShape().get(rank - 1);
        int bins = w / 2 + 1;
        NDArray re = x.matMul(matrix(m, trig(w, bins, false, 1), w, bins));
        NDArray im = x.matMul(matrix(m, trig(w, bins, true, -1), w, bins));
        for (int axis = 2; axis < rank - 1; axis++) {
            int n = (int) x.getShape().get(axis);
            NDArray c = matrix(m, trig(n, n, false, 1), n, n);
            NDArray s = matrix(m, trig(n, n, true, 1), n, n);
            NDArray r = re.swapAxes(axis, rank - 1);
            NDArray i = im.swapAxes(axis, rank - 1);
            re = r.matMul(c).add(i.matMul(s)).swapAxes(axis, rank - 1);
            im = i.matMul(c).sub(r.matMul(s)).swapAxes(axis, rank - 1);
        }
        NDArray y = run(atten, ps, re.stack(im, -1), training, params);
        re = y.get("..., 0");
        im = y.get("..., 1");
        for (int axis = 2; axis < rank - 1; axis++) {
            int n = (int) x.getShape().get(axis);
            NDArray c = matrix(m, trig(n, n, false, 1.0 / n), n, n);
            NDArray s = matrix(m, trig(n, n, true, 1.0 / n), n, n);
            NDArray r = re.swapAxes(axis, rank - 1);
            NDArray i = im.swapAxes(axis, rank - 1);
            re = r.matMul(c).sub(i.matMul(s)).swapAxes(axis, rank - 1);
            im = i.matMul(c).add(r.matMul(s)).swapAxes(axis, rank - 1);
        }
        NDArray out = re.matMul(matrix(m, inverseReal(w, false), bins, w)).add(im.matMul(matrix(m, inverseReal(w, true), bins, w)));
        return new NDList(skip ? out.add(x) : out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        int rank = dims + 2;
        int w = (int) spatial[dims - 1];
        int bins = w / 2 + 1;
        String re = g.node("MatMul", List.of(input, g.floats("rdft.cos", trig(w, bins, false, 1), w, bins)));
        String im = g.node("MatMul", List.of(input, g.floats("rdft.msin", trig(w, bins, true, -1), w, bins)));
        for (int axis = 2; axis < rank - 1; axis++) {
            int n = (int) spatial[axis - 2];
            String c = g.floats("dft.cos", trig(n, n, false, 1), n, n);
            String s = g.floats("dft.sin", trig(n, n, true, 1), n, n);
            long[] perm = swap(rank, axis, rank - 1);
            String r = g.node("Transpose", List.of(re), OnnxAttribute.ints("perm", perm));
            String i = g.node("Transpose", List.of(im), OnnxAttribute.ints("perm", perm));
            re = g.node("Transpose", List.of(g.node("Add", List.of(g.node("MatMul", List.of(r, c)), g.node("MatMul", List.of(i, s))))),
                    OnnxAttribute.ints("perm", perm));
            im = g.node("Transpose", List.of(g.node("Sub", List.of(g.node("MatMul", List.of(i, c)), g.node("MatMul", List.of(r, s))))),
                    OnnxAttribute.ints("perm", perm));
        }
        String axes = g.sharedInt64s("axes", -1);
        String stacked = g.node("Concat", List.of(g.node("Unsqueeze", List.of(re, axes)), g.node("Unsqueeze", List.of(im, axes))),
                OnnxAttribute.intValue("axis", -1));
        String y = atten.exportOnnx(g, stacked);
        re = g.node("Gather", List.of(y, g.sharedInt64Scalar(0)), OnnxAttribute.intValue("axis", -1));
        im = g.node("Gather", List.of(y, g.sharedInt64Scalar(1)), OnnxAttribute.intValue("axis", -1));
        for (int axis = 2; axis < rank - 1; axis++) {
            int n = (int) spatial[axis - 2];
            String c = g.floats("idft.cos", trig(n, n, false, 1.0 / n), n, n);
            String s = g.floats("idft.sin", trig(n, n, true, 1.0 / n), n, n);
            long[] perm = swap(rank, axis, rank - 1);
            String r = g.node("Transpose", List.of(re), OnnxAttribute.ints("perm", perm));
            String i = g.node("Transpose", List.of(im), OnnxAttribute.ints("perm", perm));
            re = g.node("Transpose", List.of(g.node("Sub", List.of(g.node("MatMul", List.of(r, c)), g.node("MatMul", List.of(i, s))))),
                    OnnxAttribute.ints("perm", perm));
            im = g.node("Transpose", List.of(g.node("Add", List.of(g.node("MatMul", List.of(i, c)), g.node("MatMul", List.of(r, s))))),
                    OnnxAttribute.ints("perm", perm));
        }
        String out = g.node("Add", List.of(
                g.node("MatMul", List.of(re, g.floats("irdft.cos", inverseReal(w, false), bins, w))),
                g.node("MatMul", List.of(im, g.floats("irdft.msin", inverseReal(w, true), bins, w)))));
        return skip ? g.node("Add", List.of(out, input)) : out;
    }

    private static long[] swap(int rank, int a, int b) {
        long[] p = new long[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = i;
        }
        p[a] = b;
        p[b] = a;
        return p;
    }

    @Override
    public String description() {
        return "FFTAttention(" + atten.description() + (skip ? "" : ", no skip") + ")";
    }
}
