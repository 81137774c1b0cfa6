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
 * Upstream's {@code LocalGraphLayer} (EdgeConv, DGCNN): each point's {@code k} nearest neighbours in the current
 * feature space (itself included), the edge feature {@code (neighbour − point, point)}, a point-wise stage over
 * {@code (B, 2C, N, k)} and the maximum over the neighbours → {@code (B, out, N)}.
 */
final class EdgeConvLayer extends NetworkBlock {
    private final int k;
    private final int channels;
    private final PointStage stage;

    EdgeConvLayer(PointNetSpec s, PointBlockSettings blocks, int edgeIn, int out) {
        this.k = s.numNeighborsK();
        this.channels = edgeIn / 2;
        this.stage = addChildBlock("bb", PointStage.blocks(2, blocks, edgeIn, out));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        stage.initialize(manager, dataType, new Shape(x.get(0), 2 * x.get(1), x.get(2), k));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        long n = x.getShape().get(2);
        if (n < k) {
            throw new IllegalArgumentException("num_neighbors_k is " + k + " but the cloud has only " + n + " points");
        }
        NDArray xt = x.transpose(0, 2, 1);
        NDArray index = neighbours(xt);
        NDArray gathered = xt.gather(index.reshape(b, n * k).expandDims(2).repeat(2, c), 1).reshape(b, n, k, c);
        NDArray center = xt.expandDims(2).repeat(2, k);
        NDArray edge = gathered.sub(center).concat(center, 3).transpose(0, 3, 1, 2);
        return new NDList(run(stage, ps, edge, training, params).max(new int[] {3}));
    }

    /** Indices {@code (B, N, k)} of the k largest {@code −|xi − xj|²}, as upstream's {@code knn_with_topk}. */
    private NDArray neighbours(NDArray xt) {
        NDArray plain = xt.stopGradient();
        NDArray inner = plain.matMul(plain.transpose(0, 2, 1)).mul(2f);
        NDArray xx = plain.square().sum(new int[] {2}, true);
        NDArray negative = inner.sub(xx).sub(xx.transpose(0, 2, 1));
        NDList top = negative.topK(k, -1, true, true);
        return top.get(0).getDataType() == DataType.INT64 ? top.get(0) : top.get(1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape edge = stage.getOutputShapes(new Shape[] {new Shape(x.get(0), 2 * x.get(1), x.get(2), k)})[0];
        return new Shape[] {new Shape(x.get(0), edge.get(1), x.get(2))};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String xt = g.node("Transpose", List.of(input), OnnxAttribute.ints("perm", 0, 2, 1));
        String inner = g.node("Mul", List.of(g.node("MatMul", List.of(xt, input)), g.sharedScalar("two", 2f)));
        String xx = g.node("ReduceSumSquare", List.of(xt), OnnxAttribute.ints("axes", 2), OnnxAttribute.intValue("keepdims", 1));
        String negative = g.node("Sub", List.of(g.node("Sub", List.of(inner, xx)),
                g.node("Transpose", List.of(xx), OnnxAttribute.ints("perm", 0, 2, 1))));
        String index = g.nodeWithOutputs("TopK", List.of(negative, g.sharedInt64s("edge_k_" + k, k)), 2,
                OnnxAttribute.intValue("axis", -1), OnnxAttribute.intValue("largest", 1), OnnxAttribute.intValue("sorted", 1)).get(1);
        // GatherElements along the points: one index row per (point, neighbour), repeated over the channels
        String rows = g.node("Tile", List.of(g.node("Reshape", List.of(index, g.sharedInt64s("edge_rows", 0, -1, 1))),
                g.sharedInt64s("edge_tile_" + channels, 1, 1, channels)));
        String neighbours = g.node("Reshape", List.of(g.node("GatherElements", List.of(xt, rows), OnnxAttribute.intValue("axis", 1)),
                g.sharedInt64s("edge_grid_" + k + "_" + channels, 0, -1, k, channels)));
        String center = g.node("Expand", List.of(g.node("Unsqueeze", List.of(xt, g.sharedInt64s("axis_two", 2))),
                g.sharedInt64s("edge_expand_" + k, 1, 1, k, 1)));
        String edge = g.node("Transpose", List.of(g.node("Concat", List.of(g.node("Sub", List.of(neighbours, center)), center),
                OnnxAttribute.intValue("axis", 3))), OnnxAttribute.ints("perm", 0, 3, 1, 2));
        return g.node("ReduceMax", List.of(stage.exportOnnx(g, edge)), OnnxAttribute.ints("axes", 3), OnnxAttribute.intValue("keepdims", 0));
    }

    @Override
    public String description() {
        return "EdgeConv(k=" + k + ", " + stage.description() + ")";
    }
}
