package dev.flemme4j.modelzoo.block.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream {@code abs_pos_embedding}: a learned {@code (1, C, *L)} tensor added to the patch embedding
 * (initialised {@code trunc_normal_(std=0.02)}, whose ±2 bounds are 100σ, i.e. a normal).
 */
public final class AbsolutePositionEmbedding extends NetworkBlock {
    private final Parameter embedding;
    private final Shape shape;

    public AbsolutePositionEmbedding(int channels, List<Integer> size) {
        long[] s = new long[size.size() + 2];
        s[0] = 1;
        s[1] = channels;
        for (int i = 0; i < size.size(); i++) {
            s[i + 2] = size.get(i);
        }
        shape = new Shape(s);
        embedding = addParameter(parameter("absolute_pos_embed", Parameter.Type.WEIGHT, shape, new NormalInitializer(0.02f), true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.add(ps.getValue(embedding, x.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        return g.node("Add", List.of(input, g.initializer("absolute_pos_embed", embedding.getArray())));
    }

    @Override
    public String description() {
        return "AbsolutePositionEmbedding" + shape;
    }
}
