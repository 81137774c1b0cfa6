package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/** Flemme's {@code double}/{@code double_conv} block: two {@link ConvBlock}s, {@code in → out → out}. */
public final class DoubleConvBlock extends NetworkBlock {
    private final int in;
    private final int out;

    public DoubleConvBlock(ConvBlockSettings s, int in, int out) {
        this.in = in;
        this.out = out;
        addChildBlock("conv1", new ConvBlock(s, in, out));
        addChildBlock("conv2", new ConvBlock(s, out, out));
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
        return "DoubleConvBlock(" + in + "→" + out + ")";
    }
}
