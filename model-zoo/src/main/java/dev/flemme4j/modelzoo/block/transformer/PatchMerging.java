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
 * Upstream's PatchMergingBlock: {@code log2(factor)} times, every 2×2(×2) neighbourhood is stacked into the
 * channels (in upstream's order: the offset along the first spatial axis varies fastest), then
 * {@code Linear(2^dims^k · in, out, no bias)} and the normalisation over {@code out}.
 * {@code (B, in, *L) → (B, out, *L/factor)}; factor a power of two.
 */
public final class PatchMerging extends NetworkBlock {
    private final int dims;
    private final int in;
    private final int out;
    private final int merges;
    private final NetworkBlock reduction;
    private final NetworkBlock norm;

    public PatchMerging(TransformerBlockSettings s, int in, int out, int factor) {
        if (factor <= 0 || (factor & (factor - 1)) != 0) {
            throw new IllegalArgumentException("patch merging factor must be a power of 2, found " + factor);
        }
        this.dims = s.dims();
        this.in = in;
        this.out = out;
        this.merges = Integer.numberOfTrailingZeros(factor);
        int stacked = in * (1 << (dims * merges));
        // norm registered first, as upstream's NormBlock base creates it before the linear layer
        norm = addChildBlock("norm", s.norm(out));
        reduction = addChildBlock("reduction", new ChannelLinear(dims, stacked, out, false));
    }

    /** Shape {@code (B, C, L0/2, 2, L1/2, 2, ...)}. */
    private long[] split(long batch, long c, long[] spatial) {
        long[] s = new long[2 + 2 * dims];
        s[0] = batch;
        s[1] = c;
        for (int k = 0; k < dims; k++) {
            s[2 + 2 * k] = spatial[k] / 2;
            s[3 + 2 * k] = 2;
        }
        return s;
    }

    /** To {@code (B, o_{d-1}, ..., o_0, C, L0/2, ...)}: the first axis' offset is the fastest-varying block index. */
    private int[] perm() {
        int[] p = new int[2 + 2 * dims];
        p[0] = 0;
        for (int k = 0; k < dims; k++) {
            p[1 + k] = 3 + 2 * (dims - 1 - k);
        }
        p[1 + dims] = 1;
        for (int k = 0; k < dims; k++) {
            p[2 + dims + k] = 2 + 2 * k;
        }
        return p;
    }

    private long[] merged(long batch, long c, long[] spatial) {
        long[] s = new long[2 + dims];
        s[0] = batch;
        s[1] = c << dims;
        for (int k = 0; k < dims; k++) {
            s[2 + k] = spatial[k] / 2;
        }
        return s;
    }

    private static long[] spatial(Shape shape) {
        return java.util.Arrays.copyOfRange(shape.getShape(), 2, shape.dimension());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < merges; i++) {
            Shape s = x.getShape();
            x = x.reshape(new Shape(split(s.get(0), s.get(1), spatial(s)))).transpose(perm())
                    .reshape(new Shape(merged(s.get(0), s.get(1), spatial(s))));
        }
        return new NDList(run(norm, ps, run(reduction, ps, x, training, params), training, params));
    }

    private Shape stackedShape(Shape input) {
        Shape s = input;
        for (int i = 0; i < merges; i++) {
            s = new Shape(merged(s.get(0), s.get(1), spatial(s)));
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape stacked = stackedShape(inputShapes[0]);
        reduction.initialize(manager, dataType, stacked);
        norm.initialize(manager, dataType, reduction.getOutputShapes(new Shape[] {stacked})[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return reduction.getOutputShapes(new Shape[] {stackedShape(inputShapes[0])});
    }

    /** Exports for an input with {@code spatial} sizes (fixed by the network's image size). */
    public String exportOnnx(OnnxGraphBuilder g, String input, long[] spatialSize) {
        String x = input;
        long c = in;
        long[] sp = spatialSize.clone();
        for (int i = 0; i < merges; i++) {
            x = g.node("Reshape", List.of(x, g.sharedInt64s("shape", split(0, c, sp))));
            x = g.node("Transpose", List.of(x), OnnxAttribute.ints("perm", perm()));
            long[] m = merged(0, c, sp);
            x = g.node("Reshape", List.of(x, g.sharedInt64s("shape", m)));
            c = m[1];
            sp = java.util.Arrays.copyOfRange(m, 2, m.length);
        }
        return norm.exportOnnx(g, reduction.exportOnnx(g, x));
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        throw new UnsupportedOperationException("PatchMerging exports with its input size: use exportOnnx(g, input, size)");
    }

    @Override
    public String description() {
        return "PatchMerging(" + in + "→" + out + ", ×" + (1 << merges) + ")";
    }
}
