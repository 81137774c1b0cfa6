package dev.flemme4j.modelzoo.encoder.pointcloud;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream's PointNet decoder without folding: the dense path ({@code decoder_dense_channels}) then the final MLP
 * ({@code final_channels}, last layer a bare Linear). With {@code vector_embedding} a latent {@code (B, latent)}
 * becomes {@code point_num} points {@code (B, point_num, out)}; otherwise each point's latent {@code (B, N, latent)}
 * becomes its output values {@code (B, N, out)} (per-point classes for SeM).
 */
public final class PointNetDecoder extends NetworkBlock {
    private final PointNetSpec spec;
    private final PointStage dense;
    private final PointStage fin;
    private final List<PointStage> folds = new java.util.ArrayList<>();

    public PointNetDecoder(PointNetSpec spec) {
        this(spec, ContextSettings.NONE);
    }

    /** With every normalised block injecting {@code context} (a time step: PointNet as an eps-model). */
    public PointNetDecoder(PointNetSpec spec, ContextSettings context) {
        this.spec = spec;
        PointBlockSettings blocks = spec.blocks().withContext(context);
        int dims = spec.vectorEmbedding() ? 0 : 1;
        dense = addChildBlock("dense", PointStage.path(dims, blocks, PointNetWidths.decoderDense(spec), false));
        if (spec.foldingTimes() > 0) {
            fin = null;
            for (int i = 0; i < spec.foldingTimes(); i++) {
                folds.add(addChildBlock("fold" + i, PointStage.path(1, blocks, PointNetWidths.foldPath(spec, i), true)));
            }
        } else {
            fin = addChildBlock("final", PointStage.path(dims, blocks, PointNetWidths.finalPath(spec), true));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape x = spec.vectorEmbedding() ? in : new Shape(in.get(0), in.get(2), in.get(1));
        dense.initialize(manager, dataType, x);
        int points = spec.outputPoints(0);
        for (int i = 0; i < folds.size(); i++) {
            folds.get(i).initialize(manager, dataType, new Shape(in.get(0), PointNetWidths.foldPath(spec, i).get(0), points));
        }
        if (fin != null) {
            fin.initialize(manager, dataType, dense.getOutputShapes(new Shape[] {x})[0]);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        if (!folds.isEmpty()) {
            return new NDList(fold(ps, run(dense, ps, z, training, params), training, params));
        }
        if (spec.vectorEmbedding()) {
            NDArray v = run(fin, ps, run(dense, ps, z, training, params), training, params);
            return new NDList(v.reshape(z.getShape().get(0), spec.pointNum(), spec.outChannel()));
        }
        NDArray v = run(fin, ps, run(dense, ps, z.transpose(0, 2, 1), training, params), training, params);
        return new NDList(v.transpose(0, 2, 1));
    }

    /** FoldingNet: every fold maps (shape point ‖ codeword) to a new point; the first folds the base shape. */
    private NDArray fold(ParameterStore ps, NDArray codeword, boolean training, PairList<String, Object> params) {
        int points = spec.outputPoints(0);
        long b = codeword.getShape().get(0);
        NDArray words = codeword.expandDims(2).repeat(2, points);
        NDArray shape = codeword.getManager().create(spec.baseShape().coordinates(spec.pointNum()),
                new Shape(1, points, spec.baseShape().dim())).transpose(0, 2, 1).repeat(0, b);
        for (PointStage f : folds) {
            shape = run(f, ps, shape.concat(words, 1), training, params);
        }
        return shape.transpose(0, 2, 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), spec.outputPoints((int) (spec.vectorEmbedding() ? 0 : in.get(1))), spec.outChannel())};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        if (!folds.isEmpty()) {
            int points = spec.outputPoints(0);
            String words = g.node("Unsqueeze", List.of(dense.exportOnnx(g, input), g.sharedInt64s("axis_two", 2)));
            String batch = g.node("Shape", List.of(input), OnnxAttribute.intValue("end", 1));
            words = g.node("Expand", List.of(words, g.node("Concat", List.of(batch,
                    g.sharedInt64s("fold_words_" + spec.latentChannel() + "_" + points, 1, points)), OnnxAttribute.intValue("axis", 0))));
            String base = g.floats("fold_base", transposed(spec.baseShape().coordinates(spec.pointNum()), points,
                    spec.baseShape().dim()), 1, spec.baseShape().dim(), points);
            String shape = g.node("Expand", List.of(base, g.node("Concat", List.of(batch,
                    g.sharedInt64s("fold_base_" + spec.baseShape().dim() + "_" + points, spec.baseShape().dim(), points)),
                    OnnxAttribute.intValue("axis", 0))));
            for (PointStage f : folds) {
                shape = f.exportOnnx(g, g.node("Concat", List.of(shape, words), OnnxAttribute.intValue("axis", 1)));
            }
            return g.node("Transpose", List.of(shape), OnnxAttribute.ints("perm", 0, 2, 1));
        }
        if (spec.vectorEmbedding()) {
            String v = fin.exportOnnx(g, dense.exportOnnx(g, input));
            return g.node("Reshape", List.of(v, g.sharedInt64s("pcd_points", 0, spec.pointNum(), spec.outChannel())));
        }
        String x = g.node("Transpose", List.of(input), OnnxAttribute.ints("perm", 0, 2, 1));
        return g.node("Transpose", List.of(fin.exportOnnx(g, dense.exportOnnx(g, x))), OnnxAttribute.ints("perm", 0, 2, 1));
    }

    private static float[] transposed(float[] rows, int n, int d) {
        float[] out = new float[rows.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[j * n + i] = rows[i * d + j];
            }
        }
        return out;
    }

    @Override
    public String description() {
        return "PointNetDecoder(" + spec.latentChannel() + "→" + spec.outChannel() + (spec.foldingTimes() > 0 ? ", " + spec.foldingTimes()
                + " folds of " + spec.baseShape().type() : spec.vectorEmbedding() ? " × " + spec.pointNum() + " points" : " per point") + ")";
    }
}
