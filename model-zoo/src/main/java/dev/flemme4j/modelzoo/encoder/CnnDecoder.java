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
import dev.flemme4j.modelzoo.block.BuildingBlocks;
import dev.flemme4j.modelzoo.block.ConvBlockSettings;
import dev.flemme4j.modelzoo.block.MultipleBuildingBlocks;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.UpSampling;
import dev.flemme4j.modelzoo.config.ImageEncoderSpec;
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
public class CnnDecoder extends AbstractBlock implements ImageDecoderNetwork {
    private final ImageEncoderSpec spec;
    private final boolean concatenatesSkips;
    private final List<NetworkBlock> upSamplings = new ArrayList<>();
    private final List<NetworkBlock> upBlocks = new ArrayList<>();
    private final List<NetworkBlock> finalBlocks = new ArrayList<>();
    private final NetworkBlock backProjection;

    public CnnDecoder(ImageEncoderSpec spec) {
        this(spec, false);
    }

    protected CnnDecoder(ImageEncoderSpec spec, boolean concatenatesSkips) {
        this.spec = spec;
        this.concatenatesSkips = concatenatesSkips;
        int dims = spec.spatialDims();
        ConvBlockSettings settings = ConvBlockSettings.of(spec);
        BuildingBlocks.Factory factory = BuildingBlocks.of(spec.buildingBlock());
        List<Integer> scales = spec.upScaling();
        int c = spec.latentChannel();
        for (int i = 0; i < spec.upChannels().size(); i++) {
            int next = spec.upChannels().get(i);
            if (concatenatesSkips) {
                upSamplings.add(addChildBlock("up" + i, new UpSampling(dims, c, next, scales.get(i))));
                upBlocks.add(addChildBlock("u_conv" + i, new MultipleBuildingBlocks(factory, settings, 2 * next, next, spec.numBlocks())));
            } else {
                upSamplings.add(addChildBlock("up" + i, new UpSampling(dims, c, c, scales.get(i))));
                upBlocks.add(addChildBlock("u_conv" + i, new MultipleBuildingBlocks(factory, settings, c, next, spec.numBlocks())));
            }
            c = next;
        }
        for (int i = 0; i < spec.finalChannels().size(); i++) {
            int next = spec.finalChannels().get(i);
            finalBlocks.add(addChildBlock("final" + i, new MultipleBuildingBlocks(factory, settings, c, next, spec.numBlocks())));
            c = next;
        }
        backProjection = addChildBlock("image_back_proj", new UpSampling(dims, c, spec.outChannel(), spec.patchSize()));
    }

    /** Skip feature consumed by up stage i: the encoder stages in reverse. */
    private static <T> T skipFor(List<T> skips, int stage) {
        return skips.get(skips.size() - 1 - stage);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        List<NDArray> skips = inputs.subList(1, inputs.size());
        for (int i = 0; i < upBlocks.size(); i++) {
            NDArray up = run(upSamplings.get(i), ps, x, training, params);
            if (concatenatesSkips) {
                up = skipFor(skips, i).concat(up, 1);
            }
            x = run(upBlocks.get(i), ps, up, training, params);
        }
        for (NetworkBlock f : finalBlocks) {
            x = run(f, ps, x, training, params);
        }
        return new NDList(run(backProjection, ps, x, training, params));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        walkShapes(inputShapes, manager, dataType);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {walkShapes(inputShapes, null, null)};
    }

    /** Propagates shapes through the stages, initialising each block on the way when a manager is given. */
    private Shape walkShapes(Shape[] inputShapes, NDManager manager, DataType dataType) {
        Shape x = inputShapes[0];
        List<Shape> skips = List.of(inputShapes).subList(1, inputShapes.length);
        for (int i = 0; i < upBlocks.size(); i++) {
            Shape up = step(upSamplings.get(i), x, manager, dataType);
            if (concatenatesSkips) {
                long[] cat = up.getShape().clone();
                cat[1] += skipFor(skips, i).get(1);
                up = new Shape(cat);
            }
            x = step(upBlocks.get(i), up, manager, dataType);
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
        String x = encoderOutputs.get(0);
        List<String> skips = encoderOutputs.subList(1, encoderOutputs.size());
        for (int i = 0; i < upBlocks.size(); i++) {
            String up = upSamplings.get(i).exportOnnx(g, x);
            if (concatenatesSkips) {
                up = g.node("Concat", List.of(skipFor(skips, i), up), OnnxAttribute.intValue("axis", 1));
            }
            x = upBlocks.get(i).exportOnnx(g, up);
        }
        for (NetworkBlock f : finalBlocks) {
            x = f.exportOnnx(g, x);
        }
        return backProjection.exportOnnx(g, x);
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
