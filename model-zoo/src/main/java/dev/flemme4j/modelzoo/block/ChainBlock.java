package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * A block that is nothing but its children applied in order (one tensor in, one out). Forward pass, shape
 * inference and ONNX export all follow the child order, so subclasses only declare their children.
 */
public abstract class ChainBlock extends NetworkBlock {
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
}
