package dev.flemme4j.modelzoo.encoder.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.ActivationLayer;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.building.ConvBlockSettings;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Upstream's DenseBlock on a vector latent {@code (B, in) → (B, out)}: Linear → normalisation → activation, with
 * the normalisation's parameters listed before the linear layer's (upstream's NormBlock base creates it first),
 * so the transformer networks' parameters line up with a PyTorch state dict.
 */
final class VectorDenseBlock extends NetworkBlock {
    private final int in;
    private final int out;
    private final NetworkBlock norm;
    private final Dense linear;
    private final NetworkBlock act;

    VectorDenseBlock(ConvBlockSettings s, int in, int out) {
        this.in = in;
        this.out = out;
        norm = addChildBlock("norm", new ConvBlockSettings(0, 1, false, s.normalization(), s.normGroups(), s.activation())
                .normalizationLayer(out));
        linear = addChildBlock("linear", new Dense(in, out, true));
        act = addChildBlock("act", new ActivationLayer(s.activation()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = run(linear, ps, inputs.singletonOrThrow(), training, params);
        return new NDList(run(act, ps, run(norm, ps, x, training, params), training, params));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        linear.initialize(manager, dataType, inputShapes[0]);
        Shape y = linear.getOutputShapes(inputShapes)[0];
        norm.initialize(manager, dataType, y);
        act.initialize(manager, dataType, y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return linear.getOutputShapes(inputShapes);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return act.exportOnnx(g, norm.exportOnnx(g, linear.exportOnnx(g, input)));
    }

    @Override
    public String description() {
        return "DenseBlock(" + in + "→" + out + ")";
    }
}
