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
import dev.flemme4j.modelzoo.block.transformer.ChannelLinear;
import dev.flemme4j.modelzoo.block.transformer.PatchExpansion;
import dev.flemme4j.modelzoo.block.transformer.PatchMerging;
import dev.flemme4j.modelzoo.block.transformer.TransformerBlockSettings;
import dev.flemme4j.modelzoo.block.transformer.TransformerStage;
import dev.flemme4j.modelzoo.config.encoder.EncoderKind;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.encoder.FeatureReturningDecoder;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's ViT/Swin decoders (and U/D variants): optional dense layers back to the latent map (reshaped
 * channels-last, as upstream), then per up stage i a patch expansion ×2 and transformer blocks on the grid
 * {@code S/(p·2^(n-1-i))}, then the patch recovery (expansion by {@code patch_size} without normalisation and a
 * 1×1 projection to {@code out_channel}). U variants expand {@code u_i → u_i/2} and concatenate the matching skip
 * ({@code cat(skip, up(x))}); D variants expand {@code u_i → u_{i+1}} and concatenate every encoder stage and
 * every earlier decoder input, each merged or expanded to the stage's grid and width.
 */
public final class TransformerDecoder extends AbstractBlock implements FeatureReturningDecoder {
    private final ImageEncoderSpec spec;
    private final TransformerLayout layout;
    private final EncoderKind kind;
    private final List<NetworkBlock> denseBlocks = new ArrayList<>();
    private final List<PatchExpansion> ups = new ArrayList<>();
    private final List<NetworkBlock> upStages = new ArrayList<>();
    /** D variants, per up stage: resamplers of the encoder stages, then of the earlier decoder inputs. */
    private final List<List<NetworkBlock>> resamplers = new ArrayList<>();
    private final PatchExpansion recoveryExpand;
    private final NetworkBlock recoveryProj;
    private boolean returnFeatures;

    public TransformerDecoder(ImageEncoderSpec spec, ContextSettings context) {
        this.spec = spec;
        this.layout = new TransformerLayout(spec, context);
        this.kind = spec.kind();
        int dims = spec.spatialDims();
        int depth = spec.upChannels().size();
        if (spec.vectorEmbedding()) {
            List<Integer> widths = new ArrayList<>();
            widths.add(spec.encoderOutChannel());
            widths.addAll(spec.decoderDenseChannels());
            for (int i = 0; i + 2 < widths.size(); i++) {
                denseBlocks.add(addChildBlock("dense" + i, new VectorDenseBlock(layout.dense(), widths.get(i), widths.get(i + 1))));
            }
            denseBlocks.add(addChildBlock("dense" + (widths.size() - 2), new VectorDenseBlock(layout.dense(), widths.get(widths.size() - 2),
                    widths.get(widths.size() - 1) * spec.latentPositions())));
        }
        List<Integer> up = new ArrayList<>();
        up.add(spec.decoderFeatureChannel());
        up.addAll(spec.upChannels());
        double[][] rates = layout.dropPaths(depth, true);
        TransformerBlockSettings plain = layout.blocks.withoutContext();
        List<Integer> down = new ArrayList<>(spec.upChannels());
        java.util.Collections.reverse(down);
        // children in upstream's registration order: up, u_trans, patch_recov, then D's resamplers
        for (int i = 0; i < depth; i++) {
            int expandedWidth = switch (kind) {
                case VITU, SWINU -> up.get(i) / 2;
                case VITD, SWIND -> up.get(i + 1);
                default -> up.get(i);
            };
            ups.add(addChildBlock("up" + i, new PatchExpansion(dims, plain, up.get(i), expandedWidth, 2)));
        }
        for (int i = 0; i < depth; i++) {
            upStages.add(addChildBlock("u_trans" + i, new TransformerStage(spec.buildingBlock(), layout.blocks, stageInput(i, up),
                    up.get(i + 1), spec.numBlocks(), layout.t.upHeads().get(i), rates[i], layout.grid(depth - 1 - i),
                    layout.t.windowSize())));
        }
        int last = up.get(up.size() - 1);
        recoveryExpand = addChildBlock("patch_recov_expand", new PatchExpansion(dims, null, last, last, spec.patchSize()));
        recoveryProj = addChildBlock("patch_recov_conv", new ChannelLinear(dims, last, spec.outChannel(), true));
        for (int i = 0; kind.denselyConnected() && i < depth; i++) {
            List<NetworkBlock> rs = new ArrayList<>();
            for (int j = 0; j < down.size(); j++) {
                int upTimes = i + 1 - depth + j;
                rs.add(addChildBlock("dense_sample" + i + "_" + j, upTimes < 0
                        ? new PatchMerging(plain, down.get(j), up.get(i + 1), 1 << -upTimes)
                        : new PatchExpansion(dims, plain, down.get(j), up.get(i + 1), 1 << upTimes)));
            }
            for (int j = 0; j < i; j++) {
                rs.add(addChildBlock("dense_sample" + i + "_d" + j,
                        new PatchExpansion(dims, plain, up.get(j), up.get(i + 1), 1 << (i + 1 - j))));
            }
            resamplers.add(rs);
        }
    }

    @Override
    public FeatureReturningDecoder returningFeatures() {
        returnFeatures = true;
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        if (!denseBlocks.isEmpty()) {
            for (NetworkBlock d : denseBlocks) {
                x = run(d, ps, x, training, params);
            }
            x = fromChannelsLast(x);
        }
        NDList encoderFeatures = inputs.subNDList(1);
        NDList earlier = new NDList();
        NDList features = new NDList();
        for (int i = 0; i < ups.size(); i++) {
            NDArray upped = run(ups.get(i), ps, x, training, params);
            NDArray in = switch (kind) {
                case VITU, SWINU -> encoderFeatures.get(encoderFeatures.size() - 1 - i).concat(upped, 1);
                case VITD, SWIND -> denseInput(ps, i, encoderFeatures, earlier, upped, training, params);
                default -> upped;
            };
            earlier.add(x);
            x = run(upStages.get(i), ps, in, training, params);
            features.add(x);
        }
        x = run(recoveryProj, ps, run(recoveryExpand, ps, x, training, params), training, params);
        NDList out = new NDList(x);
        if (returnFeatures) {
            out.addAll(features);
        }
        return out;
    }

    private NDArray denseInput(ParameterStore ps, int i, NDList encoderFeatures, NDList earlier, NDArray upped,
            boolean training, PairList<String, Object> params) {
        List<NetworkBlock> rs = resamplers.get(i);
        NDList parts = new NDList();
        for (int j = 0; j < encoderFeatures.size(); j++) {
            parts.add(run(rs.get(j), ps, encoderFeatures.get(j), training, params));
        }
        for (int j = 0; j < earlier.size(); j++) {
            parts.add(run(rs.get(encoderFeatures.size() + j), ps, earlier.get(j), training, params));
        }
        parts.add(upped);
        return NDArrays.concat(parts, 1);
    }

    /** The last dense output {@code (B, Π l · C)} read as upstream's channels-last map, made channels-first. */
    private NDArray fromChannelsLast(NDArray v) {
        List<Integer> l = spec.latentSize();
        long[] s = new long[2 + l.size()];
        s[0] = v.getShape().get(0);
        for (int i = 0; i < l.size(); i++) {
            s[1 + i] = l.get(i);
        }
        s[1 + l.size()] = spec.decoderFeatureChannel();
        return v.reshape(new Shape(s)).transpose(channelsFirst(s.length));
    }

    static int[] channelsFirst(int rank) {
        int[] p = new int[rank];
        p[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    private Shape map(long batch, int c, List<Integer> grid) {
        long[] s = new long[2 + grid.size()];
        s[0] = batch;
        s[1] = c;
        for (int i = 0; i < grid.size(); i++) {
            s[2 + i] = grid.get(i);
        }
        return new Shape(s);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape v = inputShapes[0];
        for (NetworkBlock d : denseBlocks) {
            d.initialize(manager, dataType, v);
            v = d.getOutputShapes(new Shape[] {v})[0];
        }
        int depth = ups.size();
        List<Integer> up = new ArrayList<>();
        up.add(spec.decoderFeatureChannel());
        up.addAll(spec.upChannels());
        for (int i = 0; i < depth; i++) {
            Shape x = map(batch, up.get(i), layout.grid(depth - i));
            ups.get(i).initialize(manager, dataType, x);
            Shape upped = ups.get(i).getOutputShapes(new Shape[] {x})[0];
            upStages.get(i).initialize(manager, dataType, withChannels(upped, stageInput(i, up)));
            if (kind.denselyConnected()) {
                List<NetworkBlock> rs = resamplers.get(i);
                int n = spec.downChannels().size();
                for (int j = 0; j < n; j++) {
                    rs.get(j).initialize(manager, dataType, map(batch, spec.downChannels().get(j), layout.grid(j)));
                }
                for (int j = 0; j < i; j++) {
                    rs.get(n + j).initialize(manager, dataType, map(batch, up.get(j), layout.grid(depth - j)));
                }
            }
        }
        Shape last = map(batch, up.get(up.size() - 1), layout.grid(0));
        recoveryExpand.initialize(manager, dataType, last);
        recoveryProj.initialize(manager, dataType, recoveryExpand.getOutputShapes(new Shape[] {last})[0]);
    }

    private int stageInput(int i, List<Integer> up) {
        return switch (kind) {
            case VITU, SWINU -> 2 * up.get(i + 1);
            case VITD, SWIND -> (spec.downChannels().size() + i + 1) * up.get(i + 1);
            default -> up.get(i);
        };
    }

    private static Shape withChannels(Shape s, int c) {
        long[] a = s.getShape().clone();
        a[1] = c;
        return new Shape(a);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        List<Shape> out = new ArrayList<>();
        out.add(map(batch, spec.outChannel(), spec.imageSize()));
        if (returnFeatures) {
            int depth = ups.size();
            for (int i = 0; i < depth; i++) {
                out.add(map(batch, spec.upChannels().get(i), layout.grid(depth - 1 - i)));
            }
        }
        return out.toArray(Shape[]::new);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, List<String> encoderOutputs) {
        return exportOnnxWithFeatures(g, encoderOutputs).get(0);
    }

    @Override
    public List<String> exportOnnxWithFeatures(OnnxGraphBuilder g, List<String> encoderOutputs) {
        String x = encoderOutputs.get(0);
        int depth = ups.size();
        if (!denseBlocks.isEmpty()) {
            for (NetworkBlock d : denseBlocks) {
                x = d.exportOnnx(g, x);
            }
            List<Integer> l = spec.latentSize();
            long[] s = new long[2 + l.size()];
            for (int i = 0; i < l.size(); i++) {
                s[1 + i] = l.get(i);
            }
            s[1 + l.size()] = spec.decoderFeatureChannel();
            x = g.node("Reshape", List.of(x, g.sharedInt64s("shape", s)));
            x = g.node("Transpose", List.of(x), OnnxAttribute.ints("perm", channelsFirst(s.length)));
        }
        List<String> enc = encoderOutputs.subList(1, encoderOutputs.size());
        List<String> earlier = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            String upped = ups.get(i).exportOnnx(g, x, TransformerLayout.longs(layout.grid(depth - i)));
            String in = switch (kind) {
                case VITU, SWINU -> g.node("Concat", List.of(enc.get(enc.size() - 1 - i), upped), OnnxAttribute.intValue("axis", 1));
                case VITD, SWIND -> exportDenseInput(g, i, enc, earlier, upped);
                default -> upped;
            };
            earlier.add(x);
            x = upStages.get(i).exportOnnx(g, in);
            features.add(x);
        }
        x = recoveryExpand.exportOnnx(g, x, TransformerLayout.longs(layout.grid(0)));
        x = recoveryProj.exportOnnx(g, x);
        List<String> out = new ArrayList<>(List.of(x));
        out.addAll(features);
        return out;
    }

    private String exportDenseInput(OnnxGraphBuilder g, int i, List<String> enc, List<String> earlier, String upped) {
        List<NetworkBlock> rs = resamplers.get(i);
        int depth = ups.size();
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < enc.size(); j++) {
            parts.add(exportResample(g, rs.get(j), enc.get(j), layout.grid(j)));
        }
        for (int j = 0; j < earlier.size(); j++) {
            parts.add(exportResample(g, rs.get(enc.size() + j), earlier.get(j), layout.grid(depth - j)));
        }
        parts.add(upped);
        return g.node("Concat", parts, OnnxAttribute.intValue("axis", 1));
    }

    private static String exportResample(OnnxGraphBuilder g, NetworkBlock b, String x, List<Integer> grid) {
        long[] size = TransformerLayout.longs(grid);
        return b instanceof PatchMerging m ? m.exportOnnx(g, x, size) : ((PatchExpansion) b).exportOnnx(g, x, size);
    }

    @Override
    public String description() {
        return kind.yamlName() + "Decoder(" + spec.decoderFeatureChannel() + "→" + spec.outChannel() + ", up "
                + spec.upChannels() + (spec.vectorEmbedding() ? ", dense " + spec.decoderDenseChannels() : "") + ")";
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }
}
