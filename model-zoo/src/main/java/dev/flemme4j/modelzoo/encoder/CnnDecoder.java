package dev.flemme4j.modelzoo.encoder;

import ai.djl.ndarray.NDArray;
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
import dev.flemme4j.modelzoo.block.building.BuildingBlocks;
import dev.flemme4j.modelzoo.block.building.ConvBlockSettings;
import dev.flemme4j.modelzoo.block.building.DenseBlock;
import dev.flemme4j.modelzoo.block.building.MultipleBuildingBlocks;
import dev.flemme4j.modelzoo.block.conv.UpSampling;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's CNN decoder, mirroring {@link CnnEncoder}: per up stage i, up-sampling by the reversed
 * {@code shape_scaling} then building blocks {@code u_i → u_{i+1}}; then final stages; then a back-projection
 * up-sampling by {@code patch_size} to {@code out_channel}. Output {@code (B, out_channel, *S)}.
 * The {@link UNetDecoder} variant up-samples {@code u_i → u_{i+1}} and concatenates the matching skip first.
 */
public class CnnDecoder extends AbstractBlock implements FeatureReturningDecoder {
    private final ImageEncoderSpec spec;
    private final boolean concatenatesSkips;
    private boolean returnsFeatures;
    private final List<NetworkBlock> denseBlocks = new ArrayList<>();
    private final long[] viewShape;
    private final List<NetworkBlock> upSamplings = new ArrayList<>();
    private final List<NetworkBlock> upBlocks = new ArrayList<>();
    private final List<NetworkBlock> finalBlocks = new ArrayList<>();
    private final NetworkBlock backProjection;

    public CnnDecoder(ImageEncoderSpec spec) {
        this(spec, false);
    }

    /** With every building block injecting {@code context} (dense layers never do, as upstream). */
    public CnnDecoder(ImageEncoderSpec spec, ContextSettings context) {
        this(spec, false, context);
    }

    protected CnnDecoder(ImageEncoderSpec spec, boolean concatenatesSkips) {
        this(spec, concatenatesSkips, ContextSettings.NONE);
    }

    protected CnnDecoder(ImageEncoderSpec spec, boolean concatenatesSkips, ContextSettings context) {
        this(spec, concatenatesSkips, context, 0);
    }

    /**
     * @param latentExtra channels concatenated to the vector latent before the first dense layer (a decoder-side
     *                    condition with {@code combine_condition: cat}); 0 otherwise
     */
    public CnnDecoder(ImageEncoderSpec spec, ContextSettings context, int latentExtra) {
        this(spec, false, context, latentExtra);
    }

    private CnnDecoder(ImageEncoderSpec spec, boolean concatenatesSkips, ContextSettings context, int latentExtra) {
        if (latentExtra != 0 && !spec.vectorEmbedding()) {
            throw new IllegalArgumentException("a decoder input wider than the latent needs a vector latent (dense_channels)");
        }
        this.spec = spec;
        this.concatenatesSkips = concatenatesSkips;
        int dims = spec.spatialDims();
        ConvBlockSettings settings = ConvBlockSettings.of(spec, context);
        BuildingBlocks.Factory factory = BuildingBlocks.of(spec.buildingBlock());
        List<Integer> scales = spec.upScaling();
        // vector latent: DenseBlocks, the last one producing decoder_dense[-1] × Π latentSize, reshaped to a map
        List<Integer> dense = new ArrayList<>(List.of(spec.encoderOutChannel() + latentExtra));
        dense.addAll(spec.decoderDenseChannels());
        if (spec.vectorEmbedding()) {
            for (int i = 0; i + 2 < dense.size(); i++) {
                denseBlocks.add(addChildBlock("dense" + i, new DenseBlock(settings.withoutContext(), dense.get(i), dense.get(i + 1), spec.activation())));
            }
            denseBlocks.add(addChildBlock("dense" + (dense.size() - 2), new DenseBlock(settings.withoutContext(), dense.get(dense.size() - 2),
                    spec.decoderFeatureChannel() * spec.latentPositions(), spec.activation())));
            viewShape = new long[2 + dims];
            viewShape[0] = -1;
            viewShape[1] = spec.decoderFeatureChannel();
            for (int i = 0; i < dims; i++) {
                viewShape[2 + i] = spec.latentSize().get(i);
            }
        } else {
            viewShape = null;
        }
        int c = spec.decoderFeatureChannel();
        for (int i = 0; i < spec.upChannels().size(); i++) {
            int next = spec.upChannels().get(i);
            if (concatenatesSkips) {
                upSamplings.add(addChildBlock("up" + i, new UpSampling(dims, c, next, scales.get(i))));
                upBlocks.add(addChildBlock("u_conv" + i, new MultipleBuildingBlocks(factory, settings, 2 * next, next, spec.numBlocks(),
                        spec.upAttens().get(i), spec.attention(), spec.channelAttention())));
            } else {
                upSamplings.add(addChildBlock("up" + i, new UpSampling(dims, c, c, scales.get(i))));
                upBlocks.add(addChildBlock("u_conv" + i, new MultipleBuildingBlocks(factory, settings, c, next, spec.numBlocks(),
                        spec.upAttens().get(i), spec.attention(), spec.channelAttention())));
            }
            c = next;
        }
        for (int i = 0; i < spec.finalChannels().size(); i++) {
            int next = spec.finalChannels().get(i);
            finalBlocks.add(addChildBlock("final" + i, new MultipleBuildingBlocks(factory, settings, c, next, spec.numBlocks(),
                    spec.finalAttens().get(i), spec.attention(), spec.channelAttention())));
            c = next;
        }
        backProjection = addChildBlock("image_back_proj", new UpSampling(dims, c, spec.outChannel(), spec.patchSize()));
    }

    /**
     * Also return the output of every up stage (after its blocks) after the image: upstream's
     * {@code return_feature_list}, used by hierarchical models. Call before initialisation.
     */
    @Override
    public CnnDecoder returningFeatures() {
        this.returnsFeatures = true;
        return this;
    }

    /** Channels of the up-stage features returned by {@link #returningFeatures()}, in order. */
    public List<Integer> featureChannels() {
        return spec.upChannels();
    }

    /** Skip feature consumed by up stage i: the encoder stages in reverse. */
    private static <T> T skipFor(List<T> skips, int stage) {
        return skips.get(skips.size() - 1 - stage);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        List<NDArray> skips = inputs.subList(1, inputs.size());
        if (viewShape != null) {
            for (NetworkBlock d : denseBlocks) {
                x = run(d, ps, x, training, params);
            }
            x = x.reshape(new Shape(viewShape));
        }
        NDList features = new NDList();
        for (int i = 0; i < upBlocks.size(); i++) {
            NDArray up = run(upSamplings.get(i), ps, x, training, params);
            if (concatenatesSkips) {
                up = skipFor(skips, i).concat(up, 1);
            }
            x = run(upBlocks.get(i), ps, up, training, params);
            features.add(x);
        }
        for (NetworkBlock f : finalBlocks) {
            x = run(f, ps, x, training, params);
        }
        NDList out = new NDList(run(backProjection, ps, x, training, params));
        if (returnsFeatures) {
            out.addAll(features);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        walkShapes(inputShapes, manager, dataType, new ArrayList<>());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> features = new ArrayList<>();
        Shape image = walkShapes(inputShapes, null, null, features);
        if (!returnsFeatures) {
            return new Shape[] {image};
        }
        features.add(0, image);
        return features.toArray(Shape[]::new);
    }

    /** Propagates shapes through the stages, initialising each block on the way when a manager is given. */
    private Shape walkShapes(Shape[] inputShapes, NDManager manager, DataType dataType, List<Shape> features) {
        Shape x = inputShapes[0];
        List<Shape> skips = List.of(inputShapes).subList(1, inputShapes.length);
        if (viewShape != null) {
            for (NetworkBlock d : denseBlocks) {
                x = step(d, x, manager, dataType);
            }
            long[] v = viewShape.clone();
            v[0] = x.get(0);
            x = new Shape(v);
        }
        for (int i = 0; i < upBlocks.size(); i++) {
            Shape up = step(upSamplings.get(i), x, manager, dataType);
            if (concatenatesSkips) {
                long[] cat = up.getShape().clone();
                cat[1] += skipFor(skips, i).get(1);
                up = new Shape(cat);
            }
            x = step(upBlocks.get(i), up, manager, dataType);
            features.add(x);
        }
        for (NetworkBlock f : finalBlocks) {
            x = step(f, x, manager, dataType);
        }
        return step(backProjection, x, manager, dataType);
    }

    private static Shape step(Block b, Shape input, NDManager manager, DataType dataType) {
        if (manager != null) {
            b.initialize(manager, dataType, input);
        }
        return b.getOutputShapes(new Shape[] {input})[0];
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, List<String> encoderOutputs) {
        return exportOnnxWithFeatures(g, encoderOutputs).get(0);
    }

    /** The image output name first, then the up-stage feature names (for hierarchical heads). */
    @Override
    public List<String> exportOnnxWithFeatures(OnnxGraphBuilder g, List<String> encoderOutputs) {
        String x = encoderOutputs.get(0);
        List<String> skips = encoderOutputs.subList(1, encoderOutputs.size());
        List<String> features = new ArrayList<>();
        if (viewShape != null) {
            for (NetworkBlock d : denseBlocks) {
                x = d.exportOnnx(g, x);
            }
            x = g.node("Reshape", List.of(x, g.sharedInt64s("view_shape", viewShape)));
        }
        for (int i = 0; i < upBlocks.size(); i++) {
            String up = upSamplings.get(i).exportOnnx(g, x);
            if (concatenatesSkips) {
                up = g.node("Concat", List.of(skipFor(skips, i), up), OnnxAttribute.intValue("axis", 1));
            }
            x = upBlocks.get(i).exportOnnx(g, up);
            features.add(x);
        }
        for (NetworkBlock f : finalBlocks) {
            x = f.exportOnnx(g, x);
        }
        List<String> out = new ArrayList<>();
        out.add(backProjection.exportOnnx(g, x));
        out.addAll(features);
        return out;
    }

    @Override
    public String description() {
        return getClass().getSimpleName() + "(" + spec.latentChannel() + "→" + spec.outChannel() + ", up " + spec.upChannels()
                + ", final " + spec.finalChannels() + ")";
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }
}
