package dev.flemme4j.modelzoo.block.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/** Max or average pooling with window = stride = {@code size}: {@code (B, C, *L) → (B, C, *(L/size))}. */
public final class Pooling extends NetworkBlock {
    private final int dims;
    private final int size;
    private final boolean max;

    public Pooling(int dims, int size, boolean max) {
        this.dims = dims;
        this.size = size;
        this.max = max;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(max ? SpatialConvolution.maxPool(dims, x, size) : SpatialConvolution.avgPool(dims, x, size));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] s = inputShapes[0].getShape().clone();
        for (int i = 2; i < s.length; i++) {
            s[i] = s[i] / size;
        }
        return new Shape[] {new Shape(s)};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return g.node(max ? "MaxPool" : "AveragePool", List.of(input),
                OnnxAttribute.repeated("kernel_shape", size, dims), OnnxAttribute.repeated("strides", size, dims));
    }

    @Override
    public String description() {
        return (max ? "MaxPool" : "AvgPool") + dims + "d(" + size + ")";
    }
}
