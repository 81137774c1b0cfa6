package dev.flemme4j.modelzoo.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.building.DenseBlockSettings;
import dev.flemme4j.modelzoo.block.building.DenseBuildingBlocks;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's FCN encoder on vectors, {@code (B, in_channel) → (B, seq[-1])}: one stage of {@code num_blocks}
 * dense building blocks per width of {@code seq_feature_channels} (stored as the spec's
 * {@link ImageEncoderSpec#denseChannels()}); every block injects the time step / condition when given.
 */
public final class FcnEncoder extends AbstractBlock implements ImageEncoderNetwork {
    private final ImageEncoderSpec spec;
    private final List<ChainBlock> stages = new ArrayList<>();

    public FcnEncoder(ImageEncoderSpec spec, ContextSettings context) {
        this.spec = spec;
        DenseBlockSettings s = new DenseBlockSettings(spec.normalization(), spec.numNormGroups(), spec.activation(),
                spec.dropout(), context);
        int in = spec.inChannel();
        for (int i = 0; i < spec.denseChannels().size(); i++) {
            int out = spec.denseChannels().get(i);
            stages.add(addChildBlock("seq" + i, DenseBuildingBlocks.stage(spec.buildingBlock(), s, in, out, spec.numBlocks())));
            in = out;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = new NDList(inputs.head());
        for (ChainBlock stage : stages) {
            x = stage.forward(ps, x, training, params);
        }
        return x;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (ChainBlock stage : stages) {
            stage.initialize(manager, dataType, x);
            x = stage.getOutputShapes(new Shape[] {x})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.encoderOutChannel())};
    }

    @Override
    public List<String> exportOnnx(OnnxGraphBuilder g, String input) {
        String x = input;
        for (ChainBlock stage : stages) {
            x = stage.exportOnnx(g, x);
        }
        return List.of(x);
    }

    @Override
    public String description() {
        return "FcnEncoder(" + spec.inChannel() + "→" + spec.denseChannels().stream().map(String::valueOf)
                .reduce((a, b) -> a + "→" + b).orElse("") + ")";
    }
}
