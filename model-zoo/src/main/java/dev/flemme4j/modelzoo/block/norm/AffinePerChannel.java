package dev.flemme4j.modelzoo.block.norm;

import ai.djl.ndarray.NDArray;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/** ONNX form of {@code x·γ + β} with γ, β of shape (C) broadcast over {@code (B, C, *L)}. */
final class AffinePerChannel {
    private AffinePerChannel() {
    }

    /** Spatial rank is unknown to the graph, so γ/β are stored as (C, 1, ..., 1) matching the input's rank. */
    static String export(OnnxGraphBuilder g, String input, NDArray gamma, NDArray beta, int spatialDims) {
        long c = gamma.getShape().get(0);
        long[] dims = new long[1 + spatialDims];
        java.util.Arrays.fill(dims, 1);
        dims[0] = c;
        String scaled = g.node("Mul", List.of(input, g.floats("norm.gamma", gamma.toFloatArray(), dims)));
        return g.node("Add", List.of(scaled, g.floats("norm.beta", beta.toFloatArray(), dims)));
    }
}
