package dev.flemme4j.modelzoo.block.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * PyTorch InstanceNormNd with its defaults (no affine, no running statistics): each (sample, channel) of
 * {@code (B, C, *L)} normalised over its positions, eps 1e-5. No parameters.
 */
public final class InstanceNormalization extends NetworkBlock {
    public static final float EPSILON = 1e-5f;

    private final int dims;
    private final int channels;

    public InstanceNormalization(int dims, int channels) {
        this.dims = dims;
        this.channels = channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        // the PyTorch engine reduces over one axis at a time, so flatten the positions first
        NDArray flat = x.reshape(shape.get(0), shape.get(1), -1);
        NDArray centered = flat.sub(flat.mean(new int[] {2}, true));
        NDArray variance = centered.square().mean(new int[] {2}, true);
        return new NDList(centered.div(variance.add(EPSILON).sqrt()).reshape(shape));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        float[] ones = new float[channels];
        java.util.Arrays.fill(ones, 1f);
        return g.node("InstanceNormalization",
                List.of(input, g.floats("in.unit_scale", ones, channels), g.floats("in.zero_bias", new float[channels], channels)),
                OnnxAttribute.floatValue("epsilon", EPSILON));
    }

    @Override
    public String description() {
        return "InstanceNorm(" + channels + ", eps=1e-5, no affine)";
    }
}
