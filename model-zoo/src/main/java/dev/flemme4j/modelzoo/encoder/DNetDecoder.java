package dev.flemme4j.modelzoo.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.building.BuildingBlocks;
import dev.flemme4j.modelzoo.block.building.ConvBlockSettings;
import dev.flemme4j.modelzoo.block.building.MultipleBuildingBlocks;
import dev.flemme4j.modelzoo.block.conv.DownSampling;
import dev.flemme4j.modelzoo.block.conv.UpSampling;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's DNet decoder (upstream {@code DNetDecoder}), consuming {@code NDList[latent, r_0, ..., r_{n-1}]} from
 * a {@link DNetEncoder}. Up stage i, at {@code u_i = up[i]} channels, reads the concatenation of, each resampled
 * to its resolution and mapped to {@code u_i} channels:
 * <ol>
 *   <li>every encoder stage output {@code r_j}, down-sampled ({@code dsample_function}) when it is finer than
 *       stage i's output and up-sampled otherwise (scale 1 when equal);</li>
 *   <li>the inputs of the earlier up stages (the latent, then up stage 0..i-2's outputs), up-sampled;</li>
 *   <li>its own input up-sampled by its scale factor, as in {@link UNetDecoder}.</li>
 * </ol>
 * Its blocks map {@link ImageEncoderSpec#upStageInput} channels to {@code u_i}. Then the final stages and the
 * back projection of {@link CnnDecoder}. Output {@code (B, out_channel, *S)}, followed by every up stage's output
 * after {@link #returningFeatures()}.
 */
public final class DNetDecoder extends AbstractBlock implements FeatureReturningDecoder {
    private final ImageEncoderSpec spec;
    private boolean returnsFeatures;
    private final List<NetworkBlock> upSamplings = new ArrayList<>();
    /** Per up stage: resamplers of r_0..r_{n-1}, then of the earlier stages' inputs. */
    private final List<List<NetworkBlock>> denseSamplings = new ArrayList<>();
    private final List<NetworkBlock> upBlocks = new ArrayList<>();
    private final List<NetworkBlock> finalBlocks = new ArrayList<>();
    private final NetworkBlock backProjection;

    public DNetDecoder(ImageEncoderSpec spec) {
        this.spec = spec;
        int dims = spec.spatialDims();
        ConvBlockSettings settings = ConvBlockSettings.of(spec);
        BuildingBlocks.Factory factory = BuildingBlocks.of(spec.buildingBlock());
        List<Integer> down = spec.downChannels();
        List<Integer> downScaling = spec.shapeScaling();
        List<Integer> upScaling = spec.upScaling();
        int n = down.size();
        // stageInputs[i]: channels entering up stage i (the latent, then the previous stage's output)
        List<Integer> stageInputs = new ArrayList<>();
        stageInputs.add(spec.decoderFeatureChannel());
        for (int i = 0; i < spec.upChannels().size(); i++) {
            int u = spec.upChannels().get(i);
            upSamplings.add(addChildBlock("up" + i, new UpSampling(dims, stageInputs.get(i), u, upScaling.get(i))));
            List<NetworkBlock> dense = new ArrayList<>();
            // resolutions as multiples of the latent's: r_j is at Π s[j..n-1], up stage i's output at Π s[n-1-i..n-1]
            int target = DNetEncoder.product(downScaling.subList(n - 1 - i, n));
            for (int j = 0; j < n; j++) {
                int source = DNetEncoder.product(downScaling.subList(j, n));
                // both are suffix products of the same factors, so one divides the other; upstream up-samples on a tie
                NetworkBlock resample = source > target
                        ? new DownSampling(dims, down.get(j), u, spec.downSampling(), source / target)
                        : new UpSampling(dims, down.get(j), u, target / source);
                dense.add(addChildBlock("sample_for_dense" + i + "_" + j, resample));
            }
            for (int j = 0; j < i; j++) {
                dense.add(addChildBlock("sample_for_dense" + i + "_" + (n + j),
                        new UpSampling(dims, stageInputs.get(j), u, DNetEncoder.product(upScaling.subList(j, i + 1)))));
            }
            denseSamplings.add(dense);
            upBlocks.add(addChildBlock("u_conv" + i, new MultipleBuildingBlocks(factory, settings, spec.upStageInput(i), u,
                    spec.numBlocks(), spec.upAttens().get(i), spec.attention(), spec.channelAttention())));
            stageInputs.add(u);
        }
        int c = stageInputs.get(stageInputs.size() - 1);
        for (int i = 0; i < spec.finalChannels().size(); i++) {
            int next = spec.finalChannels().get(i);
            finalBlocks.add(addChildBlock("final" + i, new MultipleBuildingBlocks(factory, settings, c, next, spec.numBlocks(),
                    spec.finalAttens().get(i), spec.attention(), spec.channelAttention())));
            c = next;
        }
        backProjection = addChildBlock("image_back_proj", new UpSampling(dims, c, spec.outChannel(), spec.patchSize()));
    }

    @Override
    public DNetDecoder returningFeatures() {
        this.returnsFeatures = true;
        return this;
    }

    /** The data flow, written once: returns the image, then every up stage's output. */
    private <T> List<T> flow(StageFlow<T> f, List<T> encoderOutputs) {
        T x = encoderOutputs.get(0);
        List<T> earlier = new ArrayList<>(encoderOutputs.subList(1, encoderOutputs.size()));
        List<T> features = new ArrayList<>();
        for (int i = 0; i < upBlocks.size(); i++) {
            List<NetworkBlock> dense = denseSamplings.get(i);
            List<T> parts = new ArrayList<>();
            for (int j = 0; j < dense.size(); j++) {
                parts.add(f.apply(dense.get(j), earlier.get(j)));
            }
            parts.add(f.apply(upSamplings.get(i), x));
            earlier.add(x);
            x = f.apply(upBlocks.get(i), f.concat(parts));
            features.add(x);
        }
        for (NetworkBlock b : finalBlocks) {
            x = f.apply(b, x);
        }
        List<T> out = new ArrayList<>();
        out.add(f.apply(backProjection, x));
        out.addAll(features);
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDArray> out = flow(StageFlow.arrays(ps, training, params), inputs);
        return new NDList(returnsFeatures ? out : out.subList(0, 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        flow(StageFlow.shapes(manager, dataType), List.of(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> out = flow(StageFlow.shapes(null, null), List.of(inputShapes));
        return (returnsFeatures ? out : out.subList(0, 1)).toArray(Shape[]::new);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, List<String> encoderOutputs) {
        return exportOnnxWithFeatures(g, encoderOutputs).get(0);
    }

    @Override
    public List<String> exportOnnxWithFeatures(OnnxGraphBuilder g, List<String> encoderOutputs) {
        return flow(StageFlow.onnx(g), encoderOutputs);
    }

    @Override
    public String description() {
        return "DNetDecoder(" + spec.latentChannel() + "→" + spec.outChannel() + ", up " + spec.upChannels()
                + ", final " + spec.finalChannels() + ", dense connections)";
    }
}
