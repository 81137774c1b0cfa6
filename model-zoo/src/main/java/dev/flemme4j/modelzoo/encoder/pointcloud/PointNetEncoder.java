package dev.flemme4j.modelzoo.encoder.pointcloud;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's PointNet encoder on {@code (B, N, D)}: a Linear projection of every point, local-feature stages
 * (point-wise, or EdgeConv with {@code num_neighbors_k > 0}) whose outputs are concatenated into a last stage,
 * max ‖ mean pooling over the points, then the dense path — on the pooled vector {@code → (B, latent)} with
 * {@code vector_embedding}, else on each point's feature next to the pooled one {@code → (B, N, latent)}.
 */
public final class PointNetEncoder extends NetworkBlock {
    private final PointNetSpec spec;
    private final PointDense projection;
    private final List<NetworkBlock> local = new ArrayList<>();
    private final PointStage last;
    private final PointStage dense;

    public PointNetEncoder(PointNetSpec spec) {
        this(spec, ContextSettings.NONE);
    }

    /** With every normalised block injecting {@code context} (a time step: PointNet as an eps-model). */
    public PointNetEncoder(PointNetSpec spec, ContextSettings context) {
        this.spec = spec;
        PointBlockSettings blocks = spec.blocks().withContext(context);
        projection = addChildBlock("point_proj", new PointDense(1, null, spec.pointDim(), spec.projectionChannel()));
        List<int[]> stages = PointNetWidths.localStages(spec);
        for (int i = 0; i + 1 < stages.size(); i++) {
            int[] st = stages.get(i);
            local.add(addChildBlock("lf" + i, spec.numNeighborsK() > 0 ? new EdgeConvLayer(spec, blocks, st[0], st[1])
                    : PointStage.blocks(1, blocks, st[0], st[1])));
        }
        int[] st = stages.get(stages.size() - 1);
        last = addChildBlock("lf" + (stages.size() - 1), PointStage.blocks(1, blocks, st[0], st[1]));
        dense = addChildBlock("dense", PointStage.path(spec.vectorEmbedding() ? 0 : 1, blocks, PointNetWidths.encoderDense(spec), false));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        long n = inputShapes[0].get(1);
        Shape x = new Shape(b, spec.pointDim(), n);
        projection.initialize(manager, dataType, x);
        x = projection.getOutputShapes(new Shape[] {x})[0];
        for (NetworkBlock block : local) {
            block.initialize(manager, dataType, x);
            x = block.getOutputShapes(new Shape[] {x})[0];
        }
        last.initialize(manager, dataType, new Shape(b, PointNetWidths.localStages(spec).get(local.size())[0], n));
        List<Integer> path = PointNetWidths.encoderDense(spec);
        dense.initialize(manager, dataType, spec.vectorEmbedding() ? new Shape(b, path.get(0)) : new Shape(b, path.get(0), n));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray cloud = inputs.singletonOrThrow();
        long n = cloud.getShape().get(1);
        NDArray x = run(projection, ps, cloud.transpose(0, 2, 1), training, params);
        NDList features = new NDList();
        for (NetworkBlock block : local) {
            x = run(block, ps, x, training, params);
            features.add(x);
        }
        NDArray pf = run(last, ps, features.size() == 1 ? features.get(0) : NDArrays.concat(features, 1), training, params);
        NDArray pooled = pf.max(new int[] {2}, true).concat(pf.mean(new int[] {2}, true), 1);
        NDArray h = spec.vectorEmbedding() ? pooled.squeeze(2) : pooled.repeat(2, n).concat(pf, 1);
        NDArray out = run(dense, ps, h, training, params);
        return new NDList(spec.vectorEmbedding() ? out : out.transpose(0, 2, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {spec.vectorEmbedding() ? new Shape(in.get(0), spec.latentChannel())
            : new Shape(in.get(0), in.get(1), spec.latentChannel())};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String x = projection.exportOnnx(g, g.node("Transpose", List.of(input), OnnxAttribute.ints("perm", 0, 2, 1)));
        List<String> features = new ArrayList<>();
        for (NetworkBlock block : local) {
            x = block.exportOnnx(g, x);
            features.add(x);
        }
        String pf = last.exportOnnx(g, features.size() == 1 ? features.get(0)
                : g.node("Concat", features, OnnxAttribute.intValue("axis", 1)));
        String pooled = g.node("Concat", List.of(
                g.node("ReduceMax", List.of(pf), OnnxAttribute.ints("axes", 2), OnnxAttribute.intValue("keepdims", 1)),
                g.node("ReduceMean", List.of(pf), OnnxAttribute.ints("axes", 2), OnnxAttribute.intValue("keepdims", 1))),
                OnnxAttribute.intValue("axis", 1));
        if (spec.vectorEmbedding()) {
            return dense.exportOnnx(g, g.node("Flatten", List.of(pooled), OnnxAttribute.intValue("axis", 1)));
        }
        String points = g.node("Shape", List.of(pf), OnnxAttribute.intValue("start", 2));
        String target = g.node("Concat", List.of(g.sharedInt64s("pcd_one_one", 1, 1), points), OnnxAttribute.intValue("axis", 0));
        String h = g.node("Concat", List.of(g.node("Expand", List.of(pooled, target)), pf), OnnxAttribute.intValue("axis", 1));
        return g.node("Transpose", List.of(dense.exportOnnx(g, h)), OnnxAttribute.ints("perm", 0, 2, 1));
    }

    @Override
    public String description() {
        return "PointNetEncoder(" + spec.pointDim() + "→" + spec.latentChannel() + (spec.numNeighborsK() > 0 ? ", EdgeConv k="
                + spec.numNeighborsK() : "") + (spec.vectorEmbedding() ? ", vector" : ", per point") + ")";
    }
}
