package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * A block that is the identity at inference (dropout, stochastic depth, an identity embedding): its output has its
 * input's shape and its ONNX export adds no node.
 */
public abstract class InferenceIdentity extends NetworkBlock {
    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public final String exportOnnx(OnnxGraphBuilder g, String input) {
        return input;
    }

    /** {@code p} as a float once checked to be a drop probability in [0, 1); {@code what} names it in the error. */
    protected static float dropProbability(double p, String what) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException(what + " must be in [0, 1), found " + p);
        }
        return (float) p;
    }
}
