package dev.flemme4j.modelzoo.block.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.ChainBlock;
import dev.flemme4j.modelzoo.block.building.DenseBlock;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.StageChannels;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * Upstream OneHotEmbeddingBlock: a one-hot (or soft) class vector {@code (B, classes) → (B, out)} through
 * {@code Dense(classes → hidden, activation)} and {@code Dense(hidden → out)}, {@code hidden} being the stage
 * hidden width of (classes, out). Two classes are one column, as upstream. With {@code apply_onehot: true} the
 * input is a class index per sample {@code (B,)} (float, as every network input), one-hot encoded first.
 */
public final class OneHotEmbedding extends ChainBlock {
    private final int classes;
    private final int out;

    private final boolean applyOneHot;

    public OneHotEmbedding(int numClasses, int out, Activation activation) {
        this(numClasses, out, activation, false);
    }

    public OneHotEmbedding(int numClasses, int out, Activation activation, boolean applyOneHot) {
        this.classes = numClasses == 2 ? 1 : numClasses;
        this.applyOneHot = applyOneHot;
        this.out = out;
        int hidden = StageChannels.hidden(classes, out);
        addChildBlock("dense1", new DenseBlock(null, classes, hidden, activation));
        addChildBlock("dense2", new DenseBlock(null, hidden, out, null));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray c = inputs.singletonOrThrow();
        if (applyOneHot) {
            c = c.toType(DataType.INT64, false).oneHot(classes).toType(DataType.FLOAT32, false);
        }
        return new NDList(runChildren(ps, c, training, params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return applyOneHot ? super.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), classes)})
                : super.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, applyOneHot ? new Shape[] {new Shape(inputShapes[0].get(0), classes)}
                : inputShapes);
    }

    @Override
    public String exportOnnx(OnnxGraphBuilder g, String input) {
        String c = input;
        if (applyOneHot) {
            String index = g.node("Cast", List.of(input), OnnxAttribute.intValue("to", 7));
            String depth = g.int64s("onehot_depth", new long[] {classes}, 1);
            String values = g.floats("onehot_values", new float[] {0f, 1f}, 2);
            c = g.node("OneHot", List.of(index, depth, values), OnnxAttribute.intValue("axis", -1));
        }
        return exportChildren(g, c);
    }

    @Override
    public String description() {
        return "OneHotEmbedding(" + (applyOneHot ? "index→" : "") + classes + "→" + out + ")";
    }
}
