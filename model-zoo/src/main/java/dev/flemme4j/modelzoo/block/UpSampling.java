package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * Upstream's UpSamplingBlock with {@code usample_function: conv}, {@code (B, in, *L) → (B, out, *(L·s))}: a
 * transposed conv {@code in → in} (kernel 2s - s%2, stride s, padding s/2, with bias; none when s = 1), then
 * a 1×1 conv with bias when the width changes.
 */
public final class UpSampling extends NetworkBlock {
    private final String summary;

    public UpSampling(int dims, int in, int out, int scale) {
        if (scale > 1) {
            addChildBlock("conv", TransposedConvolution.upsampling(dims, in, in, scale));
        }
        if (in != out) {
            addChildBlock("proj", new Convolution(dims, in, out, 1, 1, 0, 1, true));
        }
        summary = "UpSampling(" + in + "→" + out + ", ×" + scale + ")";
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(runChildren(ps, inputs.singletonOrThrow(), training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {chainShape(inputShapes[0])};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return exportChildren(g, input);
    }

    @Override
    public String description() {
        return summary;
    }
}
