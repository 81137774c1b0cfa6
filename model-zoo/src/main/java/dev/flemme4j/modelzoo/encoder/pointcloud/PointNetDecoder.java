package dev.flemme4j.modelzoo.encoder.pointcloud;

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
 * Upstream's PointNet decoder without folding: the dense path ({@code decoder_dense_channels}) then the final MLP
 * ({@code final_channels}, last layer a bare Linear). With {@code vector_embedding} a latent {@code (B, latent)}
 * becomes {@code point_num} points {@code (B, point_num, out)}; otherwise each point's latent {@code (B, N, latent)}
 * becomes its output values {@code (B, N, out)} (per-point classes for SeM).
 */
public final class PointNetDecoder extends NetworkBlock {
    private final PointNetSpec spec;
    private final PointStage dense;
    private final PointStage fin;

    public PointNetDecoder(PointNetSpec spec) {
        this.spec = spec;
        int dims = spec.vectorEmbedding() ? 0 : 1;
        dense = addChildBlock("dense", PointStage.path(dims, spec.blocks(), PointNetWidths.decoderDense(spec), false));
        fin = addChildBlock("final", PointStage.path(dims, spec.blocks(), PointNetWidths.finalPath(spec), true));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape x = spec.vectorEmbedding() ? in : new Shape(in.get(0), in.get(2), in.get(1));
        dense.initialize(manager, dataType, x);
        fin.initialize(manager, dataType, dense.getOutputShapes(new Shape[] {x})[0]);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        if (spec.vectorEmbedding()) {
            NDArray v = run(fin, ps, run(dense, ps, z, training, params), training, params);
            return new NDList(v.reshape(z.getShape().get(0), spec.pointNum(), spec.outChannel()));
        }
        NDArray v = run(fin, ps, run(dense, ps, z.transpose(0, 2, 1), training, params), training, params);
        return new NDList(v.transpose(0, 2, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), spec.vectorEmbedding() ? spec.pointNum() : in.get(1), spec.outChannel())};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        if (spec.vectorEmbedding()) {
            String v = fin.exportOnnx(g, dense.exportOnnx(g, input));
            return g.node("Reshape", List.of(v, g.sharedInt64s("pcd_points", 0, spec.pointNum(), spec.outChannel())));
        }
        String x = g.node("Transpose", List.of(input), OnnxAttribute.ints("perm", 0, 2, 1));
        return g.node("Transpose", List.of(fin.exportOnnx(g, dense.exportOnnx(g, x))), OnnxAttribute.ints("perm", 0, 2, 1));
    }

    @Override
    public String description() {
        return "PointNetDecoder(" + spec.latentChannel() + "→" + spec.outChannel() + (spec.vectorEmbedding() ? " × " + spec.pointNum()
                + " points" : " per point") + ")";
    }
}
