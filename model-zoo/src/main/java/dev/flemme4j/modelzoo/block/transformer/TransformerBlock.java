package dev.flemme4j.modelzoo.block.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.attention.SelfAttentionBlock;
import dev.flemme4j.modelzoo.block.embedding.ContextInjection;
import dev.flemme4j.modelzoo.config.encoder.AttentionSettings;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream's VisionTransformerBlock ({@code vit}) and SwinTransformerBlock ({@code swin}) on
 * {@code (B, in, *grid) → (B, out, *grid)}:
 * {@code x = x + drop_path(atten(norm1(x)))}, then {@code x = shortcut(x) + drop_path(mlp(norm2(x)))} with
 * {@code shortcut = Linear(in, out)} when the width changes, then the time/condition injection. The attention
 * is global multi-head self-attention over all positions ({@code vit}) or {@link WindowAttention} ({@code swin}).
 */
public final class TransformerBlock extends NetworkBlock {
    private final int in;
    private final int out;
    private final String kind;
    private final NetworkBlock norm1;
    private final NetworkBlock atten;
    private final NetworkBlock norm2;
    private final NetworkBlock mlp;
    private final NetworkBlock shortcut;
    private final NetworkBlock dropPath;
    private final NetworkBlock cinj;

    private TransformerBlock(TransformerBlockSettings s, int in, int out, double dropPath, NetworkBlock attention, String kind) {
        this.in = in;
        this.out = out;
        this.kind = kind;
        // children in upstream's registration order, so parameter lists line up with a PyTorch state dict
        norm1 = addChildBlock("norm1", s.norm(in));
        norm2 = addChildBlock("norm2", s.norm(in));
        atten = addChildBlock("atten", attention);
        mlp = addChildBlock("mlp", new TransformerMlp(s, in, out));
        shortcut = in != out ? addChildBlock("dense", new ChannelLinear(s.dims(), in, out, true)) : null;
        this.dropPath = addChildBlock("drop_path", new DropPath(dropPath));
        cinj = s.context().present() ? addChildBlock("cinj", new ContextInjection(s.context(), s.dims(), out)) : null;
    }

    /** A {@code vit} block: global attention with {@code heads} heads. */
    public static TransformerBlock vit(TransformerBlockSettings s, int in, int out, int heads, double dropPath) {
        AttentionSettings a = new AttentionSettings(heads, 0, s.qkvBias(), s.qkScale(), s.attenDropout(), s.dropout());
        return new TransformerBlock(s, in, out, dropPath, new SelfAttentionBlock(in, s.dims() + 2, a, false), "ViT");
    }

    /** A {@code swin} block on a fixed patch grid, its windows shifted by {@code shift} (0 for none). */
    public static TransformerBlock swin(TransformerBlockSettings s, int in, int out, int heads, double dropPath,
            List<Integer> grid, List<Integer> window, int shift) {
        return new TransformerBlock(s, in, out, dropPath, new WindowAttention(s, in, heads, grid, window, shift), "Swin");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = run(atten, ps, run(norm1, ps, x, training, params), training, params);
        x = x.add(run(dropPath, ps, a, training, params));
        NDArray m = run(dropPath, ps, run(mlp, ps, run(norm2, ps, x, training, params), training, params), training, params);
        NDArray base = shortcut == null ? x : run(shortcut, ps, x, training, params);
        x = base.add(m);
        return new NDList(cinj == null ? x : run(cinj, ps, x, training, params));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        norm1.initialize(manager, dataType, x);
        atten.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
        mlp.initialize(manager, dataType, x);
        dropPath.initialize(manager, dataType, x);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, x);
        }
        if (cinj != null) {
            cinj.initialize(manager, dataType, outShape(x));
        }
    }

    private Shape outShape(Shape x) {
        long[] s = x.getShape().clone();
        s[1] = out;
        return new Shape(s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outShape(inputShapes[0])};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String a = atten.exportOnnx(g, norm1.exportOnnx(g, input));
        String x = g.node("Add", List.of(input, a));
        String m = mlp.exportOnnx(g, norm2.exportOnnx(g, x));
        String base = shortcut == null ? x : shortcut.exportOnnx(g, x);
        x = g.node("Add", List.of(base, m));
        return cinj == null ? x : cinj.exportOnnx(g, x);
    }

    @Override
    public String description() {
        return kind + "TransformerBlock(" + in + "→" + out + ")";
    }
}
