package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.HierarchicalModelSpec;
import dev.flemme4j.modelzoo.block.BlockContext;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.building.ConvBlockSettings;
import dev.flemme4j.modelzoo.block.building.ResConvBlock;
import dev.flemme4j.modelzoo.block.conv.Convolution;
import dev.flemme4j.modelzoo.block.transformer.TransformerBlock;
import dev.flemme4j.modelzoo.block.transformer.TransformerBlockSettings;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.context.ConditionEmbeddingSpec;
import dev.flemme4j.modelzoo.config.context.InjectionKind;
import dev.flemme4j.modelzoo.encoder.FeatureReturningDecoder;
import dev.flemme4j.modelzoo.encoder.ImageEncoderNetwork;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's HBase network (HSeM, HAE). Features {@code f_0 = latent (B, c_0, *l)} and {@code f_k} = output of
 * decoder up stage k; {@code h_k = Conv1×1,pad 1(ResConvBlock_GN16(f_k)) : (B, out, *(size_k + 2))} (upstream's
 * padding); 
 * {@code final = CombineLayer([h_0..h_n, decoder(x)])}. Returns {@code [final, h_0, ..., h_n]}; the ONNX export
 * has {@code final} only.
 */
public final class HierarchicalNetwork extends NetworkBlock {
    private final HierarchicalModelSpec spec;
    private final ConditionSides condition;
    private final ImageEncoderNetwork encoder;
    private final FeatureReturningDecoder decoder;
    private final List<NetworkBlock> featureBlocks = new ArrayList<>();
    private final List<NetworkBlock> projections = new ArrayList<>();
    private final CombineLayer combine;

    /**
     * Upstream's feature block after a ViT/Swin decoder (mamba off): a VisionTransformerBlock with its defaults
     * (1 head, layer norm, MLP ratio 4, silu; the {@code normalization='layer'} it passes is a misspelt keyword).
     */
    private static final java.util.function.IntFunction<TransformerBlockSettings> HIERARCHY_VIT = dims ->
            new TransformerBlockSettings(dims, Normalization.LAYER, 0, Activation.SILU, List.of(4.0), true, 0, 0, 0,
                    ContextSettings.NONE);

    public HierarchicalNetwork(HierarchicalModelSpec spec) {
        this.spec = spec;
        ConditionEmbeddingSpec cond = spec.context().condition();
        condition = new ConditionSides(spec.name(), cond, this::addChildBlock);
        ContextSettings blocks = cond == null ? ContextSettings.NONE
                : new ContextSettings(0, InjectionKind.GATE_BIAS, cond.blockConditionChannel(), cond.injection(), cond.conditionFirst());
        int extra = condition.extraInputChannels();
        ImageEncoders.Pair pair = ImageEncoders.create(extra == 0 ? spec.encoder()
                : spec.encoder().withInChannel(spec.encoder().inChannel() + extra), blocks);
        encoder = addChildBlock("encoder", pair.encoder());
        decoder = addChildBlock("decoder", ((FeatureReturningDecoder) pair.decoder()).returningFeatures());
        int dims = spec.encoder().spatialDims();
        int out = spec.encoder().outChannel();
        ConvBlockSettings abb = new ConvBlockSettings(dims, 3, false, Normalization.GROUP,
                HierarchicalModelSpec.FEATURE_GROUPS, Activation.RELU);
        List<Integer> channels = spec.featureChannels();
        for (int i = 0; i < channels.size(); i++) {
            int c = channels.get(i);
            if (spec.finalFeatureExtraction()) {
                featureBlocks.add(addChildBlock("abb" + i, spec.encoder().kind().transformer()
                        ? TransformerBlock.vit(HIERARCHY_VIT.apply(dims), c, c, 1, 0) : new ResConvBlock(abb, c, c)));
            }
            // upstream builds this 1×1 ConvBlock with its default padding 1, so h_k is 2 pixels larger per axis
            projections.add(addChildBlock("final_proj" + i, new Convolution(dims, c, out, 1, 1, 1, 1, true)));
        }
        combine = addChildBlock("combine", new CombineLayer(channels.size() + 1, out, out, spec.encoder().imageSize(),
                spec.combineByConcatenation()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray c = spec.context().conditional() && inputs.size() > 1 ? inputs.get(1) : null;
        ConditionSides.Applied<NDArray> in = condition.encoder(ps, inputs.get(0), c, training, params);
        NDList encoded = encoder.forward(ps, new NDList(in.joined()), training, BlockContext.with(params, null, in.injected()));
        // the hierarchical features start from the encoder's own latent; the decoder reads it with the condition
        ConditionSides.Applied<NDArray> latent = condition.decoder(ps, encoded.head(), c, training, params);
        NDList toDecoder = new NDList(encoded);
        toDecoder.set(0, latent.joined());
        NDList decoded = decoder.forward(ps, toDecoder, training, BlockContext.with(params, null, latent.injected()));
        NDList features = new NDList(encoded.head());
        features.addAll(decoded.subNDList(1));
        NDList maps = new NDList();
        for (int i = 0; i < features.size(); i++) {
            NDArray f = features.get(i);
            if (spec.finalFeatureExtraction()) {
                f = run(featureBlocks.get(i), ps, f, training, params);
            }
            maps.add(run(projections.get(i), ps, f, training, params));
        }
        NDList all = new NDList(maps);
        all.add(decoded.head());
        NDList out = new NDList(combine.forward(ps, all, training, params).head());
        out.addAll(maps);
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        condition.initialize(manager, dataType);
        Shape[] x = encoderInput(inputShapes);
        encoder.initialize(manager, dataType, x);
        Shape[] encoded = encoder.getOutputShapes(x);
        decoder.initialize(manager, dataType, encoded);
        List<Shape> features = features(encoded);
        for (int i = 0; i < features.size(); i++) {
            Shape f = features.get(i);
            if (spec.finalFeatureExtraction()) {
                featureBlocks.get(i).initialize(manager, dataType, f);
            }
            projections.get(i).initialize(manager, dataType, f);
        }
        combine.initialize(manager, dataType, new Shape(inputShapes[0].get(0)));
    }

    /** The input shape widened by a concatenated condition. */
    private Shape[] encoderInput(Shape[] x) {
        return ConditionJoin.widened(new Shape[] {x[0]}, condition.extraInputChannels());
    }

    private List<Shape> features(Shape[] encoded) {
        Shape[] decoded = decoder.getOutputShapes(encoded);
        List<Shape> f = new ArrayList<>();
        f.add(encoded[0]);
        f.addAll(List.of(decoded).subList(1, decoded.length));
        return f;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> out = new ArrayList<>();
        for (Shape f : features(encoder.getOutputShapes(encoderInput(inputShapes)))) {
            out.add(projections.get(0).getOutputShapes(new Shape[] {f})[0]);
        }
        out.add(0, combine.getOutputShapes(inputShapes)[0]);
        return out.toArray(Shape[]::new);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String c = g.context(BlockContext.CONDITION_INPUT);
        ConditionSides.Applied<String> in = condition.exportEncoder(g, input, c, spec.encoder().imageSize());
        g.bindContext(BlockContext.CONDITION, in.injected());
        List<String> encoded = encoder.exportOnnx(g, in.joined());
        ConditionSides.Applied<String> latent = condition.exportDecoder(g, encoded.get(0), c, in, spec.encoder().latentSize());
        List<String> toDecoder = new ArrayList<>(encoded);
        toDecoder.set(0, latent.joined());
        g.bindContext(BlockContext.CONDITION, latent.injected());
        List<String> decoded = decoder.exportOnnxWithFeatures(g, toDecoder);
        g.bindContext(BlockContext.CONDITION, null);
        List<String> features = new ArrayList<>();
        features.add(encoded.get(0));
        features.addAll(decoded.subList(1, decoded.size()));
        Shape[] shapes = features(encoder.getOutputShapes(encoderInput(new Shape[] {new Shape(1, spec.encoder().inChannel())
                .addAll(new Shape(spec.encoder().imageSize().stream().mapToLong(Integer::longValue).toArray()))}))).toArray(Shape[]::new);
        List<String> maps = new ArrayList<>();
        List<long[]> sizes = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            String f = features.get(i);
            if (spec.finalFeatureExtraction()) {
                f = featureBlocks.get(i).exportOnnx(g, f);
            }
            maps.add(projections.get(i).exportOnnx(g, f));
            long[] s = projections.get(i).getOutputShapes(new Shape[] {shapes[i]})[0].getShape();
            sizes.add(java.util.Arrays.copyOfRange(s, 2, s.length));
        }
        maps.add(decoded.get(0));
        sizes.add(spec.encoder().imageSize().stream().mapToLong(Integer::longValue).toArray());
        return combine.exportOnnx(g, maps, sizes);
    }

    @Override
    public String description() {
        return spec.name() + "(" + spec.encoder().kind().yamlName() + ", " + spec.encoder().spatialDims() + "D, "
                + spec.featureChannels().size() + " hierarchical maps"
                + (spec.context().conditional() ? ", condition " + spec.context().condition().combine().name().toLowerCase() : "") + ")";
    }
}
