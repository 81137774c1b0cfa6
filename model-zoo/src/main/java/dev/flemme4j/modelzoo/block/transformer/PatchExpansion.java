package dev.flemme4j.modelzoo.block.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream's PatchExpansionBlock: {@code Linear(in, out · f^dims, no bias)} (skipped when the widths already
 * agree), then the channels unfolded into {@code f×f(×f)} neighbourhoods (einops
 * {@code b h w (p1 p2 c) -> b (h p1) (w p2) c}), then the normalisation over {@code out} (none for the final
 * patch recovery). {@code (B, in, *L) → (B, out, *L·f)}.
 */
public final class PatchExpansion extends NetworkBlock {
    private final int dims;
    private final int in;
    private final int out;
    private final int factor;
    private final NetworkBlock expand;
    private final NetworkBlock norm;

    /** @param s normalisation settings, or null for none */
    public PatchExpansion(int dims, TransformerBlockSettings s, int in, int out, int factor) {
        if (!(factor == 1 || factor > 1 && factor % 2 == 0)) {
            throw new IllegalArgumentException("patch expansion factor must be 1 or even, found " + factor);
        }
        this.dims = dims;
        this.in = in;
        this.out = out;
        this.factor = factor;
        int wide = out * (int) Math.pow(factor, dims);
        // norm registered first, as upstream's NormBlock base creates it before the linear layer
        norm = s != null ? addChildBlock("norm", s.norm(out)) : null;
        expand = in != wide ? addChildBlock("expand", new ChannelLinear(dims, in, wide, false)) : null;
    }

    /** {@code (B, p_0, ..., p_{d-1}, C, L_0, ...)}. */
    private long[] split(long batch, long[] spatial) {
        long[] s = new long[2 + 2 * dims];
        s[0] = batch;
        for (int k = 0; k < dims; k++) {
            s[1 + k] = factor;
        }
        s[1 + dims] = out;
        for (int k = 0; k < dims; k++) {
            s[2 + dims + k] = spatial[k];
        }
        return s;
    }

    /** To {@code (B, C, L_0, p_0, L_1, p_1, ...)}. */
    private int[] perm() {
        int[] p = new int[2 + 2 * dims];
        p[0] = 0;
        p[1] = 1 + dims;
        for (int k = 0; k < dims; k++) {
            p[2 + 2 * k] = 2 + dims + k;
            p[3 + 2 * k] = 1 + k;
        }
        return p;
    }

    private long[] expanded(long batch, long[] spatial) {
        long[] s = new long[2 + dims];
        s[0] = batch;
        s[1] = out;
        for (int k = 0; k < dims; k++) {
            s[2 + k] = spatial[k] * factor;
        }
        return s;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long[] sp = java.util.Arrays.copyOfRange(s.getShape(), 2, s.dimension());
        if (expand != null) {
            x = run(expand, ps, x, training, params);
        }
        x = x.reshape(new Shape(split(s.get(0), sp))).transpose(perm()).reshape(new Shape(expanded(s.get(0), sp)));
        return new NDList(norm == null ? x : run(norm, ps, x, training, params));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (expand != null) {
            expand.initialize(manager, dataType, inputShapes[0]);
        }
        if (norm != null) {
            norm.initialize(manager, dataType, getOutputShapes(inputShapes)[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(expanded(s.get(0), java.util.Arrays.copyOfRange(s.getShape(), 2, s.dimension())))};
    }

    /** Exports for an input with {@code spatial} sizes (fixed by the network's image size). */
    public String exportOnnx(OnnxGraphBuilder g, String input, long[] spatialSize) {
        String x = expand == null ? input : expand.exportOnnx(g, input);
        x = g.node("Reshape", List.of(x, g.sharedInt64s("shape", split(0, spatialSize))));
        x = g.node("Transpose", List.of(x), OnnxAttribute.ints("perm", perm()));
        x = g.node("Reshape", List.of(x, g.sharedInt64s("shape", expanded(0, spatialSize))));
        return norm == null ? x : norm.exportOnnx(g, x);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        throw new UnsupportedOperationException("PatchExpansion exports with its input size: use exportOnnx(g, input, size)");
    }

    @Override
    public String description() {
        return "PatchExpansion(" + in + "→" + out + ", ×" + factor + ")";
    }
}
