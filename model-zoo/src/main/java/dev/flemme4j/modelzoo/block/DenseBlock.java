package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Upstream's DenseBlock on vectors {@code (B, in) → (B, out)}: Linear (with bias) → normalisation → activation
 * (dropout off, as CNN encoders build it). A null activation is the identity.
 */
public final class DenseBlock extends NetworkBlock {
    private final int in;
    private final int out;

    public DenseBlock(ConvBlockSettings s, int in, int out, Activation activation) {
        this.in = in;
        this.out = out;
        addChildBlock("linear", new Dense(in, out, true));
        if (s != null) {
            addChildBlock("norm", new ConvBlockSettings(0, s.kernel(), false, s.normalization(), s.normGroups(), s.activation())
                    .normalizationLayer(out));
        }
        if (activation != null) {
            addChildBlock("act", new ActivationLayer(activation));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(runChildren(ps, inputs.singletonOrThrow(), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {chainShape(inputShapes[0])};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return exportChildren(g, input);
    }

    @Override
    public String description() {
        return "DenseBlock(" + in + "→" + out + ")";
    }
}
