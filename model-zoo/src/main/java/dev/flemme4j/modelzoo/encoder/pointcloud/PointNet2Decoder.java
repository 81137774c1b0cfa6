package dev.flemme4j.modelzoo.encoder.pointcloud;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.encoder.ImageDecoderNetwork;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's Point2 decoder (feature propagation): from the coarsest level down to the input points, each layer
 * interpolates the coarser level's features onto the finer level's points (inverse-distance weights of the three
 * nearest; a vector latent is copied to every point), concatenates the finer level's own features and runs a
 * point-wise stage; a final MLP gives {@code (B, N, out_channel)}.
 */
public final class PointNet2Decoder extends AbstractBlock implements ImageDecoderNetwork {
    private final PointNet2Spec spec;
    private final List<PointStage> propagation = new ArrayList<>();
    private final PointStage fin;

    public PointNet2Decoder(PointNet2Spec spec) {
        this.spec = spec;
        List<int[]> fp = spec.propagation();
        for (int i = 0; i < fp.size(); i++) {
            propagation.add(addChildBlock("fp" + i, PointStage.blocks(1, spec.blocks(), fp.get(i)[0] + fp.get(i)[1], fp.get(i)[2])));
        }
        fin = addChildBlock("final", PointStage.path(1, spec.blocks(), spec.finalPath(), true));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        int k = spec.layers().size();
        List<int[]> fp = spec.propagation();
        for (int i = 0; i < fp.size(); i++) {
            long points = inputShapes[1 + i].get(1);
            propagation.get(i).initialize(manager, dataType, new Shape(b, fp.get(i)[0] + fp.get(i)[1], points));
        }
        fin.initialize(manager, dataType, new Shape(b, spec.finalPath().get(0), inputShapes[1 + k].get(1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        int k = spec.layers().size();
        if (inputs.size() != 2 * k + 3) {
            throw new IllegalArgumentException("PointNet2 decoder takes the encoder's " + (2 * k + 3) + " outputs, got " + inputs.size());
        }
        long points = inputs.get(2 * k + 2).getShape().get(1);
        if (points != spec.pointNum()) {
            throw new IllegalArgumentException("point_num is " + spec.pointNum() + " but the cloud has " + points
                    + " points (upstream asserts they match)");
        }
        NDArray known = inputs.get(0);
        for (int i = 0; i <= k; i++) {
            NDArray unknown = inputs.get(1 + i);
            NDArray unknownXyz = inputs.get(k + 2 + i);
            NDArray interpolated = i == 0 && spec.vectorEmbedding()
                    ? known.expandDims(1).repeat(1, unknown.getShape().get(1))
                    : interpolate(known, inputs.get(k + 2 + Math.max(i - 1, 0)), unknownXyz);
            NDArray h = interpolated.concat(unknown, 2).transpose(0, 2, 1);
            known = propagation.get(i).forward(ps, new NDList(h), training, params).head().transpose(0, 2, 1);
        }
        return new NDList(fin.forward(ps, new NDList(known.transpose(0, 2, 1)), training, params).head().transpose(0, 2, 1));
    }

    /** Inverse-distance interpolation of {@code known (B, m, C)} at {@code knownXyz (B, m, 3)} onto {@code unknownXyz (B, n, 3)}. */
    private static NDArray interpolate(NDArray known, NDArray knownXyz, NDArray unknownXyz) {
        int b = (int) known.getShape().get(0);
        int m = (int) knownXyz.getShape().get(1);
        int n = (int) unknownXyz.getShape().get(1);
        float[] kx = knownXyz.toFloatArray();
        float[] ux = unknownXyz.toFloatArray();
        long[] index = new long[b * n * 3];
        float[] weights = new float[b * n * 3];
        int[] idx = new int[3 * n];
        float[] w = new float[3 * n];
        for (int i = 0; i < b; i++) {
            PointQueries.threeNearest(java.util.Arrays.copyOfRange(ux, i * 3 * n, (i + 1) * 3 * n), n,
                    java.util.Arrays.copyOfRange(kx, i * 3 * m, (i + 1) * 3 * m), m, idx, w);
            for (int j = 0; j < 3 * n; j++) {
                index[i * 3 * n + j] = idx[j];
            }
            System.arraycopy(w, 0, weights, i * 3 * n, 3 * n);
        }
        NDManager manager = known.getManager();
        long c = known.getShape().get(2);
        NDArray rows = manager.create(index, new Shape(b, 3L * n, 1)).repeat(2, c);
        NDArray gathered = known.gather(rows, 1).reshape(b, n, 3, c);
        return gathered.mul(manager.create(weights, new Shape(b, n, 3, 1))).sum(new int[] {2});
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int k = spec.layers().size();
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[1 + k].get(1), spec.outChannel())};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder graph, List<String> encoderOutputs) {
        throw new UnsupportedOperationException("PointNet2 cannot be exported to ONNX in flemme4j yet");
    }

    @Override
    public String description() {
        return "PointNet2Decoder(" + spec.latentChannel() + "→" + spec.outChannel() + " per point, " + propagation.size()
                + " propagation layers)";
    }
}
