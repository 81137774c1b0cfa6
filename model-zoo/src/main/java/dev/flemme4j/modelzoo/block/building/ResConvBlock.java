package dev.flemme4j.modelzoo.block.building;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.ActivationLayer;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Flemme's {@code res}/{@code res_conv} block on {@code (B, in, *L) → (B, out, *L)}:
 * {@code act(conv2(conv1(x)) + shortcut(x))}, conv1 activated, conv2 not; the shortcut is identity, or a
 * bias-free 1×1 conv + norm when the width changes. Context is injected at the end of conv1 only.
 */
public final class ResConvBlock extends NetworkBlock {
    private final int in;
    private final int out;
    private final ConvBlock conv1;
    private final ConvBlock conv2;
    private final ConvBlock shortcut;
    private final ActivationLayer act;

    public ResConvBlock(ConvBlockSettings s, int in, int out) {
        this.in = in;
        this.out = out;
        conv1 = addChildBlock("conv1", new ConvBlock(s, in, out));
        conv2 = addChildBlock("conv2", new ConvBlock(s, out, out, s.kernel(), true, false));
        shortcut = in == out ? null : addChildBlock("shortcut", new ConvBlock(s, in, out, 1, false, false));
        act = addChildBlock("act", new ActivationLayer(s.activation()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        conv1.initialize(manager, dataType, x);
        Shape y = shapeAfter(conv1, x);
        conv2.initialize(manager, dataType, y);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, x);
        }
        act.initialize(manager, dataType, y);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = run(conv2, ps, run(conv1, ps, x, training, params), training, params);
        NDArray skip = shortcut == null ? x : run(shortcut, ps, x, training, params);
        return new NDList(run(act, ps, y.add(skip), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {shapeAfter(conv1, inputShapes[0])};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String y = conv2.exportOnnx(g, conv1.exportOnnx(g, input));
        String skip = shortcut == null ? input : shortcut.exportOnnx(g, input);
        return act.exportOnnx(g, g.node("Add", List.of(y, skip)));
    }

    @Override
    public String description() {
        return "ResConvBlock(" + in + "→" + out + ")";
    }
}
