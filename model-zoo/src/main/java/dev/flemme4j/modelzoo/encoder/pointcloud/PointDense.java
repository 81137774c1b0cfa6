package dev.flemme4j.modelzoo.encoder.pointcloud;

import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.block.ActivationLayer;
import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.Dense;
import dev.flemme4j.modelzoo.block.DropoutLayer;
import dev.flemme4j.modelzoo.block.building.ConvBlockSettings;
import dev.flemme4j.modelzoo.block.embedding.ContextInjection;
import dev.flemme4j.modelzoo.onnx.OnnxExportable;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Upstream's {@code DenseBlock} applied to every point: Linear → normalisation → activation → dropout on
 * channels-first features {@code (B, C, *L)} with {@code spatialDims} = |L| (0 for vectors, 1 for points,
 * 2 for points × neighbours). Normalisation statistics span the same axes as upstream's channel-last block.
 */
final class PointDense extends ChainBlock {
    private final int spatialDims;
    private final int in;
    private final int out;

    /**
     * @param settings null for a bare Linear (the projection and the last layer of an MLP)
     */
    PointDense(int spatialDims, PointBlockSettings settings, int in, int out) {
        this.spatialDims = spatialDims;
        this.in = in;
        this.out = out;
        addChildBlock("linear", new Dense(in, out, true));
        if (settings != null) {
            addChildBlock("norm", new ConvBlockSettings(spatialDims, 1, false, settings.normalization(), settings.numNormGroups(),
                    settings.activation()).normalizationLayer(out));
            addChildBlock("act", new ActivationLayer(settings.activation()));
            if (settings.dropout() > 0) {
                addChildBlock("dropout", new DropoutLayer(settings.dropout()));
            }
            if (settings.context().present()) {
                addChildBlock("cinj", new ContextInjection(settings.context(), spatialDims, out));
            }
        }
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        for (Pair<String, ai.djl.nn.Block> child : children) {
            input = child.getValue() instanceof Dense d ? d.exportOnnx(g, input, spatialDims)
                    : ((OnnxExportable) child.getValue()).exportOnnx(g, input);
        }
        return input;
    }

    @Override
    public String description() {
        return "DenseBlock(" + in + "→" + out + (children.size() == 1 ? ", linear only" : "") + ")";
    }
}
