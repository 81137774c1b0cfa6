package dev.flemme4j.modelzoo.encoder.pointcloud;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's PointNet2 encoder on {@code (B, N, D)}: a Linear projection of every point, then per sampling layer
 * furthest point sampling of the centres, at each scale a ball query (or kNN) group of neighbours whose relative
 * coordinates and features pass a point-wise stage and are max-pooled, the scales concatenated; finally max ‖ mean
 * pooling and the dense path. Outputs {@code [latent, f_K, …, f_0, xyz_K, …, xyz_0]} (channels-last features and
 * coordinates of every level, coarsest first) for the feature-propagation decoder.
 */
public final class PointNet2Encoder extends AbstractBlock implements ImageEncoderNetwork {
    private final PointNet2Spec spec;
    private final PointDense projection;
    private final List<List<PointStage>> scales = new ArrayList<>();
    private final PointStage dense;

    public PointNet2Encoder(PointNet2Spec spec) {
        this.spec = spec;
        projection = addChildBlock("point_proj", new PointDense(1, null, spec.pointDim(), spec.projectionChannel()));
        for (int l = 0; l < spec.layers().size(); l++) {
            List<PointStage> layer = new ArrayList<>();
            List<PointNet2Spec.Scale> sc = spec.layers().get(l).scales();
            for (int s = 0; s < sc.size(); s++) {
                layer.add(addChildBlock("msg" + l + "_scale" + s,
                        PointStage.blocks(2, spec.blocks(), spec.groupedChannel(l), sc.get(s).channel())));
            }
            scales.add(layer);
        }
        dense = addChildBlock("dense", PointStage.path(spec.vectorEmbedding() ? 0 : 1, spec.blocks(), spec.encoderDense(), false));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        projection.initialize(manager, dataType, new Shape(b, spec.pointDim(), inputShapes[0].get(1)));
        for (int l = 0; l < scales.size(); l++) {
            PointNet2Spec.SamplingLayer layer = spec.layers().get(l);
            for (int s = 0; s < scales.get(l).size(); s++) {
                scales.get(l).get(s).initialize(manager, dataType,
                        new Shape(b, spec.groupedChannel(l), layer.numPoints(), layer.scales().get(s).k()));
            }
        }
        long last = spec.layers().get(spec.layers().size() - 1).numPoints();
        int width = spec.encoderDense().get(0);
        dense.initialize(manager, dataType, spec.vectorEmbedding() ? new Shape(b, width) : new Shape(b, width, last));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray cloud = inputs.head();
        NDManager m = cloud.getManager();
        int b = (int) cloud.getShape().get(0);
        int n = (int) cloud.getShape().get(1);
        int d = spec.pointDim();
        float[] all = cloud.toFloatArray();
        float[][] embed = new float[b][];
        float[][] xyz = new float[b][];
        for (int i = 0; i < b; i++) {
            embed[i] = java.util.Arrays.copyOfRange(all, i * n * d, (i + 1) * n * d);
            xyz[i] = coordinates(embed[i], n, d);
        }
        NDArray features = projection.forward(ps, new NDList(cloud.transpose(0, 2, 1)), training, params).head().transpose(0, 2, 1);
        List<NDArray> levelFeatures = new ArrayList<>(List.of(features));
        List<NDArray> levelXyz = new ArrayList<>(List.of(xyzArray(m, xyz, n)));
        for (int l = 0; l < scales.size(); l++) {
            PointNet2Spec.SamplingLayer layer = spec.layers().get(l);
            int centres = layer.numPoints();
            if (n < centres) {
                throw new IllegalArgumentException("num_fps_points[" + l + "] is " + centres + " but the level has only " + n + " points");
            }
            float[][] centreEmbed = new float[b][];
            float[][] centreXyz = new float[b][];
            for (int i = 0; i < b; i++) {
                int[] ids = PointQueries.furthestPoints(xyz[i], n, centres);
                centreEmbed[i] = rows(embed[i], d, ids);
                centreXyz[i] = coordinates(centreEmbed[i], centres, d);
            }
            NDList outs = new NDList();
            for (int s = 0; s < layer.scales().size(); s++) {
                PointNet2Spec.Scale scale = layer.scales().get(s);
                outs.add(group(ps, scales.get(l).get(s), features, embed, xyz, centreEmbed, centreXyz, n, scale, training, params));
            }
            features = (outs.size() == 1 ? outs.head() : NDArrays.concat(outs, 1)).transpose(0, 2, 1);
            embed = centreEmbed;
            xyz = centreXyz;
            n = centres;
            levelFeatures.add(features);
            levelXyz.add(xyzArray(m, xyz, n));
        }
        NDArray pooled = features.max(new int[] {1}, true).concat(features.mean(new int[] {1}, true), 2);
        NDArray latent = spec.vectorEmbedding()
                ? dense.forward(ps, new NDList(pooled.reshape(b, -1)), training, params).head()
                : dense.forward(ps, new NDList(pooled.repeat(1, n).concat(features, 2).transpose(0, 2, 1)), training, params).head()
                        .transpose(0, 2, 1);
        NDList out = new NDList(latent);
        for (int i = levelFeatures.size() - 1; i >= 0; i--) {
            out.add(levelFeatures.get(i));
        }
        for (int i = levelXyz.size() - 1; i >= 0; i--) {
            out.add(levelXyz.get(i));
        }
        return out;
    }

    /** One scale of one sampling layer: group, run the stage on {@code (B, C, M, k)}, max over the neighbours → {@code (B, c, M)}. */
    private NDArray group(ParameterStore ps, PointStage stage, NDArray features, float[][] embed, float[][] xyz,
            float[][] centreEmbed, float[][] centreXyz, int n, PointNet2Spec.Scale scale, boolean training,
            PairList<String, Object> params) {
        int b = embed.length;
        int d = spec.pointDim();
        int m = centreXyz[0].length / 3;
        int k = scale.k();
        long[] index = new long[b * m * k];
        float[] relative = new float[b * m * k * d];
        for (int i = 0; i < b; i++) {
            int[] idx = spec.knnQuery() ? PointQueries.nearest(xyz[i], n, centreXyz[i], m, k)
                    : PointQueries.ballQuery(xyz[i], n, centreXyz[i], m, k, scale.radius());
            for (int j = 0; j < m * k; j++) {
                index[i * m * k + j] = idx[j];
                int centre = j / k;
                for (int c = 0; c < d; c++) {
                    relative[(i * m * k + j) * d + c] = embed[i][idx[j] * d + c] - centreEmbed[i][centre * d + c];
                }
            }
        }
        NDManager manager = features.getManager();
        long channels = features.getShape().get(2);
        NDArray rows = manager.create(index, new Shape(b, (long) m * k, 1)).repeat(2, channels);
        NDArray grouped = features.gather(rows, 1).reshape(b, m, k, channels);
        if (spec.useXyz()) {
            grouped = manager.create(relative, new Shape(b, m, k, d)).concat(grouped, 3);
        }
        return stage.forward(ps, new NDList(grouped.transpose(0, 3, 1, 2)), training, params).head().max(new int[] {3});
    }

    private static float[] coordinates(float[] points, int n, int d) {
        float[] xyz = new float[3 * n];
        for (int p = 0; p < n; p++) {
            System.arraycopy(points, p * d, xyz, 3 * p, 3);
        }
        return xyz;
    }

    private static float[] rows(float[] points, int d, int[] ids) {
        float[] out = new float[ids.length * d];
        for (int j = 0; j < ids.length; j++) {
            System.arraycopy(points, ids[j] * d, out, j * d, d);
        }
        return out;
    }

    private static NDArray xyzArray(NDManager m, float[][] xyz, int n) {
        float[] flat = new float[xyz.length * 3 * n];
        for (int i = 0; i < xyz.length; i++) {
            System.arraycopy(xyz[i], 0, flat, i * 3 * n, 3 * n);
        }
        return m.create(flat, new Shape(xyz.length, n, 3));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        List<Long> points = new ArrayList<>(List.of(inputShapes[0].get(1)));
        spec.layers().forEach(l -> points.add((long) l.numPoints()));
        List<Integer> channels = spec.levelChannels();
        int k = spec.layers().size();
        List<Shape> out = new ArrayList<>();
        out.add(spec.vectorEmbedding() ? new Shape(b, spec.latentChannel()) : new Shape(b, points.get(k), spec.latentChannel()));
        for (int i = k; i >= 0; i--) {
            out.add(new Shape(b, points.get(i), channels.get(i)));
        }
        for (int i = k; i >= 0; i--) {
            out.add(new Shape(b, points.get(i), 3));
        }
        return out.toArray(Shape[]::new);
    }

    /** Furthest point sampling is a sequential loop; flemme4j does not write it as ONNX (Loop) yet. */
    @Override
    public List<String> exportOnnx(OnnxGraphBuilder graph, String input) {
        throw new UnsupportedOperationException("PointNet2 cannot be exported to ONNX in flemme4j yet (furthest point sampling"
                + " and the ball query run on the host); serve it with the PyTorch engine");
    }

    @Override
    public String description() {
        return "PointNet2Encoder(" + spec.pointDim() + "→" + spec.latentChannel() + ", " + spec.layers().size() + " sampling layers, "
                + (spec.knnQuery() ? "kNN" : "ball query") + (spec.vectorEmbedding() ? ", vector" : ", per point") + ")";
    }
}
