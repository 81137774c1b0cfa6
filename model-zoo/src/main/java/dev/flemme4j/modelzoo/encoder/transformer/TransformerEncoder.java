package dev.flemme4j.modelzoo.encoder.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.conv.Convolution;
import dev.flemme4j.modelzoo.block.embedding.AbsolutePositionEmbedding;
import dev.flemme4j.modelzoo.block.transformer.PatchMerging;
import dev.flemme4j.modelzoo.block.transformer.TransformerStage;
import dev.flemme4j.modelzoo.config.encoder.EncoderKind;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's ViT/Swin encoders (and their U and D variants) on {@code (B, in, *S)}:
 * <ol>
 *   <li>patchify: {@code Conv(k = s = patch_size)} to {@code patch_channel}, then the optional absolute position
 *       embedding;</li>
 *   <li>per down stage i: transformer blocks {@code c_i → down[i]} on the patch grid {@code S/(p·2^i)}, then patch
 *       merging ×2 (D variants: stage i ≥ 2 first concatenates every earlier stage's output, merged to its grid);</li>
 *   <li>middle stages (D variants: on the concatenation of all down stages);</li>
 *   <li>with {@code dense_channels}: flatten channels-last (as upstream) and DenseBlocks → {@code (B, dense[-1])}.</li>
 * </ol>
 * Returns {@code NDList[latent]}, U/D variants {@code NDList[latent, skip_0, …]} with the down stages' outputs.
 * Tensors stay channels-first; upstream's channels-last layout only changes the flatten order, kept here.
 */
public final class TransformerEncoder extends AbstractBlock implements ImageEncoderNetwork {
    private final ImageEncoderSpec spec;
    private final TransformerLayout layout;
    private final boolean returnsSkips;
    private final boolean dense;
    private final NetworkBlock patchify;
    private final NetworkBlock position;
    private final List<NetworkBlock> downStages = new ArrayList<>();
    private final List<PatchMerging> merges = new ArrayList<>();
    /** D variants: for stage i ≥ 2 (index i-2) and finally the middle, the mergings of earlier stage outputs. */
    private final List<List<PatchMerging>> denseMerges = new ArrayList<>();
    private final List<NetworkBlock> middleStages = new ArrayList<>();
    private final List<NetworkBlock> denseBlocks = new ArrayList<>();

    public TransformerEncoder(ImageEncoderSpec spec, ContextSettings context) {
        this.spec = spec;
        this.layout = new TransformerLayout(spec, context);
        EncoderKind kind = spec.kind();
        this.returnsSkips = kind.uShaped();
        this.dense = kind.denselyConnected();
        int dims = spec.spatialDims();
        int p = spec.patchSize();
        // children in upstream's registration order (its position embedding is the encoder's own parameter,
        // listed first), so parameter lists line up with a PyTorch state dict
        position = spec.absPosEmbedding()
                ? addChildBlock("absolute_pos_embed", new AbsolutePositionEmbedding(spec.patchChannel(), layout.grid(0))) : null;
        patchify = addChildBlock("patch_emb", new Convolution(dims, spec.inChannel(), spec.patchChannel(), p, p, 0, 1, true));
        List<Integer> down = spec.downChannels();
        int stages = down.size() + spec.middleChannels().size();
        double[][] rates = layout.dropPaths(stages, false);
        List<Integer> window = layout.t.windowSize();
        for (int i = 0; i < down.size(); i++) {
            int heads = layout.t.downHeads().get(i);
            downStages.add(addChildBlock("d_trans" + i, new TransformerStage(spec.buildingBlock(), layout.blocks,
                    spec.downStageInput(i), down.get(i), spec.numBlocks(), heads, rates[i], layout.grid(i), window)));
        }
        for (int i = 0; i < down.size(); i++) {
            merges.add(addChildBlock("down" + i, new PatchMerging(layout.blocks.withoutContext(), down.get(i), down.get(i), 2)));
        }
        int c = spec.middleInput();
        for (int i = 0; i < spec.middleChannels().size(); i++) {
            int next = spec.middleChannels().get(i);
            // upstream's SwinD restarts the drop-path schedule for its middle stages
            double[] r = kind == EncoderKind.SWIND ? rates[i] : rates[down.size() + i];
            middleStages.add(addChildBlock("middle" + i, new TransformerStage(spec.buildingBlock(), layout.blocks, c, next,
                    spec.numBlocks(), layout.t.middleHeads().get(i), r, layout.grid(down.size()), window)));
            c = next;
        }
        c = c * spec.latentPositions();
        for (int i = 0; i < spec.denseChannels().size(); i++) {
            int next = spec.denseChannels().get(i);
            denseBlocks.add(addChildBlock("dense" + i, new VectorDenseBlock(layout.dense(), c, next)));
            c = next;
        }
        if (dense) {
            for (int i = 2; i <= down.size(); i++) {
                List<PatchMerging> ms = new ArrayList<>();
                for (int j = 0; j < i - 1; j++) {
                    ms.add(addChildBlock("dense_down" + i + "_" + j, new PatchMerging(layout.blocks.withoutContext(),
                            down.get(j), down.get(j), 1 << (i - j))));
                }
                denseMerges.add(ms);
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = run(patchify, ps, inputs.singletonOrThrow(), training, params);
        if (position != null) {
            x = run(position, ps, x, training, params);
        }
        NDList skips = new NDList();
        for (int i = 0; i < downStages.size(); i++) {
            if (dense && i >= 2) {
                x = concatEarlier(ps, x, skips, denseMerges.get(i - 2), training, params);
            }
            x = run(downStages.get(i), ps, x, training, params);
            skips.add(x);
            x = run(merges.get(i), ps, x, training, params);
        }
        if (dense) {
            x = concatEarlier(ps, x, skips, denseMerges.get(denseMerges.size() - 1), training, params);
        }
        for (NetworkBlock m : middleStages) {
            x = run(m, ps, x, training, params);
        }
        if (!denseBlocks.isEmpty()) {
            x = x.transpose(channelsLast(x.getShape().dimension())).reshape(x.getShape().get(0), -1);
            for (NetworkBlock d : denseBlocks) {
                x = run(d, ps, x, training, params);
            }
        }
        NDList out = new NDList(x);
        if (returnsSkips) {
            out.addAll(skips);
        }
        return out;
    }

    private NDArray concatEarlier(ParameterStore ps, NDArray x, NDList skips, List<PatchMerging> ms, boolean training,
            PairList<String, Object> params) {
        NDList parts = new NDList();
        for (int j = 0; j < ms.size(); j++) {
            parts.add(run(ms.get(j), ps, skips.get(j), training, params));
        }
        parts.add(x);
        return NDArrays.concat(parts, 1);
    }

    static int[] channelsLast(int rank) {
        int[] p = new int[rank];
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1;
        }
        p[rank - 1] = 1;
        return p;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        patchify.initialize(manager, dataType, inputShapes[0]);
        if (position != null) {
            position.initialize(manager, dataType, map(batch, spec.patchChannel(), 0));
        }
        List<Integer> down = spec.downChannels();
        for (int i = 0; i < downStages.size(); i++) {
            downStages.get(i).initialize(manager, dataType, map(batch, spec.downStageInput(i), i));
            merges.get(i).initialize(manager, dataType, map(batch, down.get(i), i));
        }
        for (List<PatchMerging> ms : denseMerges) {
            for (int j = 0; j < ms.size(); j++) {
                ms.get(j).initialize(manager, dataType, map(batch, down.get(j), j));
            }
        }
        int c = spec.middleInput();
        for (int i = 0; i < middleStages.size(); i++) {
            middleStages.get(i).initialize(manager, dataType, map(batch, c, down.size()));
            c = spec.middleChannels().get(i);
        }
        Shape v = new Shape(batch, (long) c * spec.latentPositions());
        for (NetworkBlock d : denseBlocks) {
            d.initialize(manager, dataType, v);
            v = d.getOutputShapes(new Shape[] {v})[0];
        }
    }

    /** {@code (B, c, *grid(level))}. */
    private Shape map(long batch, int c, int level) {
        List<Integer> g = layout.grid(level);
        long[] s = new long[2 + g.size()];
        s[0] = batch;
        s[1] = c;
        for (int i = 0; i < g.size(); i++) {
            s[2 + i] = g.get(i);
        }
        return new Shape(s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        List<Shape> out = new ArrayList<>();
        out.add(spec.vectorEmbedding() ? new Shape(batch, spec.encoderOutChannel())
                : map(batch, spec.latentChannel(), spec.downChannels().size()));
        if (returnsSkips) {
            for (int i = 0; i < spec.downChannels().size(); i++) {
                out.add(map(batch, spec.downChannels().get(i), i));
            }
        }
        return out.toArray(Shape[]::new);
    }

    @Override
    public List<String> exportOnnx(OnnxGraphBuilder g, String input) {
        String x = patchify.exportOnnx(g, input);
        if (position != null) {
            x = position.exportOnnx(g, x);
        }
        List<String> skips = new ArrayList<>();
        for (int i = 0; i < downStages.size(); i++) {
            if (dense && i >= 2) {
                x = exportConcat(g, x, skips, denseMerges.get(i - 2));
            }
            x = downStages.get(i).exportOnnx(g, x);
            skips.add(x);
            x = merges.get(i).exportOnnx(g, x, TransformerLayout.longs(layout.grid(i)));
        }
        if (dense) {
            x = exportConcat(g, x, skips, denseMerges.get(denseMerges.size() - 1));
        }
        for (NetworkBlock m : middleStages) {
            x = m.exportOnnx(g, x);
        }
        if (!denseBlocks.isEmpty()) {
            x = g.node("Transpose", List.of(x), OnnxAttribute.ints("perm", channelsLast(2 + layout.dims)));
            x = g.node("Flatten", List.of(x), OnnxAttribute.intValue("axis", 1));
            for (NetworkBlock d : denseBlocks) {
                x = d.exportOnnx(g, x);
            }
        }
        List<String> out = new ArrayList<>(List.of(x));
        if (returnsSkips) {
            out.addAll(skips);
        }
        return out;
    }

    private String exportConcat(OnnxGraphBuilder g, String x, List<String> skips, List<PatchMerging> ms) {
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < ms.size(); j++) {
            parts.add(ms.get(j).exportOnnx(g, skips.get(j), TransformerLayout.longs(layout.grid(j))));
        }
        parts.add(x);
        return g.node("Concat", parts, OnnxAttribute.intValue("axis", 1));
    }

    @Override
    public String description() {
        return spec.kind().yamlName() + "Encoder(" + spec.inChannel() + "→" + spec.latentChannel() + ", patch "
                + spec.patchSize() + "→" + spec.patchChannel() + ", down " + spec.downChannels() + ", middle "
                + spec.middleChannels() + (spec.vectorEmbedding() ? ", dense " + spec.denseChannels() : "")
                + (spec.kind().windowed() ? ", window " + layout.t.windowSize() : "") + ")";
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }
}
