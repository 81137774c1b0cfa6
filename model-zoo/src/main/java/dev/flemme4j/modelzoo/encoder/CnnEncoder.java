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
import dev.flemme4j.modelzoo.block.conv.DownSampling;
import dev.flemme4j.modelzoo.block.embedding.AbsolutePositionEmbedding;
import dev.flemme4j.modelzoo.block.embedding.PatchEmbedding;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's CNN encoder (feature-map latent, no dense layers):
 * <ol>
 *   <li>patch projection {@code (B, in, *S) → (B, patch_channel, *(S/p))} (strided conv or pooling);</li>
 *   <li>per down stage i: building blocks {@code c_i → c_{i+1}}, then down-sampling by {@code shape_scaling[i]};</li>
 *   <li>middle stages of building blocks;</li>
 *   <li>with {@code dense_channels}: flatten, then DenseBlocks → vector latent {@code (B, dense[-1])}.</li>
 * </ol>
 * Output {@code (B, middle[-1], *(S / (p·Π s)))} (or the vector); a {@link UNetEncoder} also returns the output of every
 * down stage's blocks (before down-sampling) as skip features.
 */
public class CnnEncoder extends AbstractBlock implements ImageEncoderNetwork {
    private final ImageEncoderSpec spec;
    private final boolean returnsSkips;
    private final NetworkBlock imageProjection;
    private final List<NetworkBlock> downBlocks = new ArrayList<>();
    private final List<NetworkBlock> downSamplings = new ArrayList<>();
    private final List<NetworkBlock> middleBlocks = new ArrayList<>();
    private final List<NetworkBlock> denseBlocks = new ArrayList<>();

    public CnnEncoder(ImageEncoderSpec spec) {
        this(spec, false);
    }

    /** With every building block injecting {@code context} (dense layers never do, as upstream). */
    public CnnEncoder(ImageEncoderSpec spec, ContextSettings context) {
        this(spec, false, context);
    }

    protected CnnEncoder(ImageEncoderSpec spec, boolean returnsSkips) {
        this(spec, returnsSkips, ContextSettings.NONE);
    }

    protected CnnEncoder(ImageEncoderSpec spec, boolean returnsSkips, ContextSettings context) {
        this.spec = spec;
        this.returnsSkips = returnsSkips;
        int dims = spec.spatialDims();
        ConvBlockSettings settings = ConvBlockSettings.of(spec, context);
        BuildingBlocks.Factory factory = BuildingBlocks.of(spec.buildingBlock());
        NetworkBlock projection = new DownSampling(dims, spec.inChannel(), spec.patchChannel(), spec.downSampling(), spec.patchSize());
        if (spec.absPosEmbedding()) {
            List<Integer> patched = spec.imageSize().stream().map(v -> v / spec.patchSize()).toList();
            projection = new PatchEmbedding(projection, new AbsolutePositionEmbedding(spec.patchChannel(), patched));
        }
        imageProjection = addChildBlock("image_proj", projection);
        int c = spec.patchChannel();
        for (int i = 0; i < spec.downChannels().size(); i++) {
            int next = spec.downChannels().get(i);
            downBlocks.add(addChildBlock("d_conv" + i, new MultipleBuildingBlocks(factory, settings, c, next, spec.numBlocks(),
                    spec.downAttens().get(i), spec.attention(), spec.channelAttention())));
            downSamplings.add(addChildBlock("down" + i,
                    new DownSampling(dims, next, next, spec.downSampling(), spec.shapeScaling().get(i))));
            c = next;
        }
        for (int i = 0; i < spec.middleChannels().size(); i++) {
            int next = spec.middleChannels().get(i);
            middleBlocks.add(addChildBlock("middle" + i, new MultipleBuildingBlocks(factory, settings, c, next, spec.numBlocks(),
                    spec.middleAttens().get(i), spec.attention(), spec.channelAttention())));
            c = next;
        }
        // vector latent: flatten (B, C, *l) channel-major, then DenseBlocks (upstream CNNEncoder.dense)
        c = c * spec.latentPositions();
        for (int i = 0; i < spec.denseChannels().size(); i++) {
            int next = spec.denseChannels().get(i);
            denseBlocks.add(addChildBlock("dense" + i, new DenseBlock(settings.withoutContext(), c, next, spec.activation())));
            c = next;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = run(imageProjection, ps, inputs.singletonOrThrow(), training, params);
        NDList skips = new NDList();
        for (int i = 0; i < downBlocks.size(); i++) {
            x = run(downBlocks.get(i), ps, x, training, params);
            skips.add(x);
            x = run(downSamplings.get(i), ps, x, training, params);
        }
        for (NetworkBlock m : middleBlocks) {
            x = run(m, ps, x, training, params);
        }
        if (!denseBlocks.isEmpty()) {
            x = x.reshape(x.getShape().get(0), -1);
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

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = init(imageProjection, manager, dataType, inputShapes[0]);
        for (int i = 0; i < downBlocks.size(); i++) {
            x = init(downBlocks.get(i), manager, dataType, x);
            x = init(downSamplings.get(i), manager, dataType, x);
        }
        for (NetworkBlock m : middleBlocks) {
            x = init(m, manager, dataType, x);
        }
        x = flattened(x);
        for (NetworkBlock d : denseBlocks) {
            x = init(d, manager, dataType, x);
        }
    }

    private Shape flattened(Shape x) {
        return denseBlocks.isEmpty() ? x : new Shape(x.get(0), x.size() / x.get(0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = imageProjection.getOutputShapes(inputShapes)[0];
        List<Shape> skips = new ArrayList<>();
        for (int i = 0; i < downBlocks.size(); i++) {
            x = downBlocks.get(i).getOutputShapes(new Shape[] {x})[0];
            skips.add(x);
            x = downSamplings.get(i).getOutputShapes(new Shape[] {x})[0];
        }
        for (NetworkBlock m : middleBlocks) {
            x = m.getOutputShapes(new Shape[] {x})[0];
        }
        x = flattened(x);
        for (NetworkBlock d : denseBlocks) {
            x = d.getOutputShapes(new Shape[] {x})[0];
        }
        List<Shape> out = new ArrayList<>(List.of(x));
        if (returnsSkips) {
            out.addAll(skips);
        }
        return out.toArray(Shape[]::new);
    }

    @Override
    public List<String> exportOnnx(OnnxGraphBuilder g, String input) {
        String x = imageProjection.exportOnnx(g, input);
        List<String> skips = new ArrayList<>();
        for (int i = 0; i < downBlocks.size(); i++) {
            x = downBlocks.get(i).exportOnnx(g, x);
            skips.add(x);
            x = downSamplings.get(i).exportOnnx(g, x);
        }
        for (NetworkBlock m : middleBlocks) {
            x = m.exportOnnx(g, x);
        }
        if (!denseBlocks.isEmpty()) {
            x = g.node("Flatten", List.of(x), dev.flemme4j.modelzoo.onnx.OnnxAttribute.intValue("axis", 1));
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

    @Override
    public String description() {
        return getClass().getSimpleName() + "(" + spec.inChannel() + "→" + spec.latentChannel() + ", down " + spec.downChannels()
                + ", middle " + spec.middleChannels()
                + (spec.vectorEmbedding() ? ", dense " + spec.denseChannels() : "") + ")";
    }

    private static Shape init(Block b, NDManager manager, DataType dataType, Shape input) {
        b.initialize(manager, dataType, input);
        return b.getOutputShapes(new Shape[] {input})[0];
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }
}
