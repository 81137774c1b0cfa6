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
import dev.flemme4j.modelzoo.block.embedding.AbsolutePositionEmbedding;
import dev.flemme4j.modelzoo.block.embedding.PatchEmbedding;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's DNet encoder (upstream {@code DNetEncoder}): a UNet encoder whose stages are densely connected.
 * With n down stages, stage outputs {@code r_i} and scale factors {@code s_i}:
 * <ol>
 *   <li>patch projection {@code (B, in, *S) → (B, patch_channel, *(S/p))}, as in {@link CnnEncoder};</li>
 *   <li>down stage i reads {@code cat(d_{i,0}(r_0), ..., d_{i,i-2}(r_{i-2}), x)} where {@code x} is
 *       {@code r_{i-1}} down-sampled by the main path and {@code d_{i,j}} down-samples {@code r_j} by
 *       {@code Π_{j≤k<i} s_k} keeping its {@code down[j]} channels; its blocks map
 *       {@link ImageEncoderSpec#downStageInput} channels to {@code down[i]};</li>
 *   <li>the middle stages read the same concatenation of all n stage outputs ({@code Σ down} channels).</li>
 * </ol>
 * Output {@code NDList[latent (B, middle[-1], *(S/(p·Π s))), r_0, ..., r_{n-1}]} with
 * {@code r_i: (B, down[i], *(S/(p·Π_{j<i} s_j)))}, consumed by {@link DNetDecoder}.
 */
public final class DNetEncoder extends AbstractBlock implements ImageEncoderNetwork {
    private final ImageEncoderSpec spec;
    private final NetworkBlock imageProjection;
    private final List<NetworkBlock> downBlocks = new ArrayList<>();
    private final List<NetworkBlock> downSamplings = new ArrayList<>();
    /** Per stage 0..n (n = the middle): the dense down-samplings of r_0..r_{stage-2}. */
    private final List<List<NetworkBlock>> denseDownSamplings = new ArrayList<>();
    private final List<NetworkBlock> middleBlocks = new ArrayList<>();

    public DNetEncoder(ImageEncoderSpec spec) {
        this.spec = spec;
        int dims = spec.spatialDims();
        ConvBlockSettings settings = ConvBlockSettings.of(spec);
        BuildingBlocks.Factory factory = BuildingBlocks.of(spec.buildingBlock());
        List<Integer> down = spec.downChannels();
        NetworkBlock projection = new DownSampling(dims, spec.inChannel(), spec.patchChannel(), spec.downSampling(), spec.patchSize());
        if (spec.absPosEmbedding()) {
            List<Integer> patched = spec.imageSize().stream().map(v -> v / spec.patchSize()).toList();
            projection = new PatchEmbedding(projection, new AbsolutePositionEmbedding(spec.patchChannel(), patched));
        }
        imageProjection = addChildBlock("image_proj", projection);
        for (int i = 0; i <= down.size(); i++) {
            List<NetworkBlock> dense = new ArrayList<>();
            for (int j = 0; j + 1 < i; j++) {
                int scale = product(spec.shapeScaling().subList(j, i));
                dense.add(addChildBlock("down_for_dense" + i + "_" + j,
                        new DownSampling(dims, down.get(j), down.get(j), spec.downSampling(), scale)));
            }
            denseDownSamplings.add(dense);
            if (i == down.size()) {
                break;
            }
            downBlocks.add(addChildBlock("d_conv" + i, new MultipleBuildingBlocks(factory, settings, spec.downStageInput(i),
                    down.get(i), spec.numBlocks(), spec.downAttens().get(i), spec.attention(), spec.channelAttention())));
            downSamplings.add(addChildBlock("down" + i,
                    new DownSampling(dims, down.get(i), down.get(i), spec.downSampling(), spec.shapeScaling().get(i))));
        }
        int c = spec.middleInput();
        for (int i = 0; i < spec.middleChannels().size(); i++) {
            int next = spec.middleChannels().get(i);
            middleBlocks.add(addChildBlock("middle" + i, new MultipleBuildingBlocks(factory, settings, c, next, spec.numBlocks(),
                    spec.middleAttens().get(i), spec.attention(), spec.channelAttention())));
            c = next;
        }
    }

    static int product(List<Integer> factors) {
        return factors.stream().reduce(1, (a, b) -> a * b);
    }

    /** The data flow, written once: returns {@code [latent, r_0, ..., r_{n-1}]}. */
    private <T> List<T> flow(StageFlow<T> f, T input) {
        T x = f.apply(imageProjection, input);
        List<T> stageOutputs = new ArrayList<>();
        for (int i = 0; i < downBlocks.size(); i++) {
            x = f.apply(downBlocks.get(i), withDenseInputs(f, i, stageOutputs, x));
            stageOutputs.add(x);
            x = f.apply(downSamplings.get(i), x);
        }
        x = withDenseInputs(f, downBlocks.size(), stageOutputs, x);
        for (NetworkBlock m : middleBlocks) {
            x = f.apply(m, x);
        }
        List<T> out = new ArrayList<>();
        out.add(x);
        out.addAll(stageOutputs);
        return out;
    }

    /** {@code cat(d_{stage,0}(r_0), ..., x)}: upstream puts the resampled earlier outputs first. */
    private <T> T withDenseInputs(StageFlow<T> f, int stage, List<T> stageOutputs, T x) {
        List<NetworkBlock> dense = denseDownSamplings.get(stage);
        List<T> parts = new ArrayList<>();
        for (int j = 0; j < dense.size(); j++) {
            parts.add(f.apply(dense.get(j), stageOutputs.get(j)));
        }
        parts.add(x);
        return f.concat(parts);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(flow(StageFlow.arrays(ps, training, params), inputs.singletonOrThrow()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        flow(StageFlow.shapes(manager, dataType), inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return flow(StageFlow.shapes(null, null), inputShapes[0]).toArray(Shape[]::new);
    }

    @Override
    public List<String> exportOnnx(OnnxGraphBuilder g, String input) {
        return flow(StageFlow.onnx(g), input);
    }

    @Override
    public String description() {
        return "DNetEncoder(" + spec.inChannel() + "→" + spec.latentChannel() + ", down " + spec.downChannels()
                + ", middle " + spec.middleChannels() + ", dense connections)";
    }
}
