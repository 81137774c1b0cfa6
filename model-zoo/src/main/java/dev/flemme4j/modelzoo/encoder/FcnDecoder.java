package dev.flemme4j.modelzoo.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.building.DenseBlockSettings;
import dev.flemme4j.modelzoo.block.building.DenseBuildingBlocks;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's FCN decoder, {@code (B, latent) → (B, out_channel)}: a stage of dense building blocks per width of
 * the spec's {@link ImageEncoderSpec#decoderDenseChannels()} (upstream passes the encoder's
 * {@code seq_feature_channels} on), then a plain Linear to {@code out_channel} (no norm, activation or context).
 *
 * <p>Upstream's {@code FCNDecoder.__init__} starts its widths from an undefined name {@code in_channel}
 * (a NameError at HEAD); this decoder starts from the latent width, the only input it can have.
 */
public final class FcnDecoder extends AbstractBlock implements ImageDecoderNetwork {
    private final ImageEncoderSpec spec;
    private final List<NetworkBlock> blocks = new ArrayList<>();

    public FcnDecoder(ImageEncoderSpec spec, ContextSettings context) {
        this.spec = spec;
        DenseBlockSettings s = new DenseBlockSettings(spec.normalization(), spec.numNormGroups(), spec.activation(),
                spec.dropout(), context);
        int in = spec.encoderOutChannel();
        for (int i = 0; i < spec.decoderDenseChannels().size(); i++) {
            int out = spec.decoderDenseChannels().get(i);
            blocks.add(addChildBlock("seq" + i, DenseBuildingBlocks.stage(spec.buildingBlock(), s, in, out, spec.numBlocks())));
            in = out;
        }
        blocks.add(addChildBlock("out", new Dense(in, spec.outChannel(), true)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = new NDList(inputs.head());
        for (NetworkBlock b : blocks) {
            x = b.forward(ps, x, training, params);
        }
        return x;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (NetworkBlock b : blocks) {
            b.initialize(manager, dataType, x);
            x = b.getOutputShapes(new Shape[] {x})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.outChannel())};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, List<String> encoderOutputs) {
        String x = encoderOutputs.get(0);
        for (NetworkBlock b : blocks) {
            x = b.exportOnnx(g, x);
        }
        return x;
    }

    @Override
    public String description() {
        return "FcnDecoder(" + spec.encoderOutChannel() + "→" + spec.decoderDenseChannels().stream()
                .map(v -> v + "→").reduce("", String::concat) + spec.outChannel() + ")";
    }
}
