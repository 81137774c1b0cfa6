package dev.flemme4j.modelzoo.block.transformer;

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
 * Upstream's {@code double_swin} (DoubleSwinTransformerBlock) and {@code res_swin} (ResSwinTransformerBlock):
 * two Swin blocks {@code in → out → out}, the second with the opposite window shift ({@code min(window)/2}
 * when the first is unshifted, else none) and no context injection. {@code res_swin} builds its second block
 * without activation and returns {@code act(st2(st1(x)) + shortcut(x))}, the shortcut being
 * {@code Linear(in, out) → norm(out)} when the width changes.
 */
public final class SwinPair extends NetworkBlock {
    private final boolean residual;
    private final int in;
    private final int out;
    private final NetworkBlock st1;
    private final NetworkBlock st2;
    private final NetworkBlock shortcutLinear;
    private final NetworkBlock shortcutNorm;
    private final NetworkBlock act;

    public SwinPair(boolean residual, TransformerBlockSettings s, int in, int out, int heads, double dropPath,
            List<Integer> grid, List<Integer> window, int shift) {
        this.residual = residual;
        this.in = in;
        this.out = out;
        int second = shift == 0 ? window.stream().mapToInt(Integer::intValue).min().orElse(0) / 2 : 0;
        st1 = addChildBlock("st1", TransformerBlock.swin(s, in, out, heads, dropPath, grid, window, shift));
        TransformerBlockSettings s2 = residual ? s.withoutContext().withActivation(null) : s.withoutContext();
        st2 = addChildBlock("st2", TransformerBlock.swin(s2, out, out, heads, dropPath, grid, window, second));
        if (residual && in != out) {
            // upstream's DenseBlock registers its norm before its linear layer
            shortcutNorm = addChildBlock("shortcut_norm", s.norm(out));
            shortcutLinear = addChildBlock("shortcut", new ChannelLinear(s.dims(), in, out, true));
        } else {
            shortcutLinear = null;
            shortcutNorm = null;
        }
        act = residual && s.activation() != null ? addChildBlock("act", new ActivationLayer(s.activation())) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray h = run(st2, ps, run(st1, ps, x, training, params), training, params);
        if (!residual) {
            return new NDList(h);
        }
        NDArray sc = shortcutLinear == null ? x : run(shortcutNorm, ps, run(shortcutLinear, ps, x, training, params), training, params);
        h = h.add(sc);
        return new NDList(act == null ? h : run(act, ps, h, training, params));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        st1.initialize(manager, dataType, x);
        Shape y = st1.getOutputShapes(new Shape[] {x})[0];
        st2.initialize(manager, dataType, y);
        if (shortcutLinear != null) {
            shortcutLinear.initialize(manager, dataType, x);
            shortcutNorm.initialize(manager, dataType, y);
        }
        if (act != null) {
            act.initialize(manager, dataType, y);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return st1.getOutputShapes(inputShapes);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String h = st2.exportOnnx(g, st1.exportOnnx(g, input));
        if (!residual) {
            return h;
        }
        String sc = shortcutLinear == null ? input : shortcutNorm.exportOnnx(g, shortcutLinear.exportOnnx(g, input));
        h = g.node("Add", List.of(h, sc));
        return act == null ? h : act.exportOnnx(g, h);
    }

    @Override
    public String description() {
        return (residual ? "ResSwinBlock(" : "DoubleSwinBlock(") + in + "→" + out + ")";
    }
}
