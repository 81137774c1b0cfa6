package dev.flemme4j.modelzoo.block.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.building.DenseBlock;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream PositionEmbeddingBlock: a time step or position {@code t: (B,)} becomes {@code (B, out)} through
 * {@code [sin(t·f_i), cos(t·f_i)]} with {@code f_i = exp(−i·ln(10⁴)/(h−1))}, {@code i < h = out/8} (so
 * {@code out/4} values), then {@code Dense(out/4 → out, activation)} and {@code Dense(out → out)}.
 */
public final class SinusoidalEmbedding extends NetworkBlock {
    private final int out;
    private final float[] frequencies;
    private final DenseBlock dense1;
    private final DenseBlock dense2;

    /** @param out a multiple of 8, at least 16 (checked by the config parser; upstream divides by {@code out/8 − 1}) */
    public SinusoidalEmbedding(int out, Activation activation) {
        if (out < 16 || out % 8 != 0) {
            throw new IllegalArgumentException("sinusoidal embedding width must be a multiple of 8 and at least 16, got " + out);
        }
        this.out = out;
        int half = out / 8;
        // float32 like upstream: arange(h) * −(ln 1e4 / (h−1)), then exp
        float step = (float) -(Math.log(1e4) / (half - 1));
        frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp((float) i * step);
        }
        dense1 = addChildBlock("dense1", new DenseBlock(null, out / 4, out, activation));
        dense2 = addChildBlock("dense2", new DenseBlock(null, out, out, null));
    }

    public int outChannel() {
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray t = inputs.singletonOrThrow();
        NDArray f = t.getManager().create(frequencies, new Shape(1, frequencies.length));
        NDArray arg = t.toType(DataType.FLOAT32, false).reshape(-1, 1).mul(f);
        NDArray emb = arg.sin().concat(arg.cos(), 1);
        return new NDList(run(dense2, ps, run(dense1, ps, emb, training, params), training, params));
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String arg = g.node("Mul", List.of(g.node("Reshape", List.of(input, g.sharedInt64s("column", -1, 1))),
                g.floats("frequencies", frequencies, 1, frequencies.length)));
        String emb = g.node("Concat", List.of(g.node("Sin", List.of(arg)), g.node("Cos", List.of(arg))),
                OnnxAttribute.intValue("axis", 1));
        return dense2.exportOnnx(g, dense1.exportOnnx(g, emb));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        dense1.initialize(manager, dataType, new Shape(1, out / 4));
        dense2.initialize(manager, dataType, new Shape(1, out));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), out)};
    }

    @Override
    public String description() {
        return "SinusoidalEmbedding(" + out / 4 + "→" + out + ")";
    }
}
