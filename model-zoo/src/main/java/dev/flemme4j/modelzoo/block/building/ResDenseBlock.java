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
 * Flemme's {@code res_dense}/{@code res_fc} block on {@code (B, in) → (B, out)}:
 * {@code act(dense2(dense1(x)) + shortcut(x))}; dense1 activated and injecting the context, dense2 not
 * activated, both with dropout; the shortcut is the identity, or a bias-free Linear + norm (no dropout) when
 * the width changes.
 */
public final class ResDenseBlock extends NetworkBlock {
    private final int in;
    private final int out;
    private final InjectingDenseBlock dense1;
    private final InjectingDenseBlock dense2;
    private final InjectingDenseBlock shortcut;
    private final ActivationLayer act;

    public ResDenseBlock(DenseBlockSettings s, int in, int out) {
        this.in = in;
        this.out = out;
        dense1 = addChildBlock("dense1", new InjectingDenseBlock(s, in, out));
        dense2 = addChildBlock("dense2", new InjectingDenseBlock(s, out, out, true, false, true, false));
        shortcut = in == out ? null : addChildBlock("shortcut", new InjectingDenseBlock(s, in, out, false, false, false, false));
        act = addChildBlock("act", new ActivationLayer(s.activation()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape y = new Shape(x.get(0), out);
        dense1.initialize(manager, dataType, x);
        dense2.initialize(manager, dataType, y);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, x);
        }
        act.initialize(manager, dataType, y);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = run(dense2, ps, run(dense1, ps, x, training, params), training, params);
        NDArray skip = shortcut == null ? x : run(shortcut, ps, x, training, params);
        return new NDList(run(act, ps, y.add(skip), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), out)};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String y = dense2.exportOnnx(g, dense1.exportOnnx(g, input));
        String skip = shortcut == null ? input : shortcut.exportOnnx(g, input);
        return act.exportOnnx(g, g.node("Add", List.of(y, skip)));
    }

    @Override
    public String description() {
        return "ResDenseBlock(" + in + "→" + out + ")";
    }
}
