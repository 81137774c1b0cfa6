package dev.flemme4j.modelzoo.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.onnx.OnnxExportable;

/**
 * Base of flemme4j's single-input, single-output blocks. All parameter shapes are fixed at construction
 * (channels are explicit, as in PyTorch), so initialisation only walks the children, feeding each the shape
 * the previous one produces. Subclasses with another data flow override {@link #initializeChildBlocks}.
 */
public abstract class NetworkBlock extends AbstractBlock implements OnnxExportable, Described {

    /** One line for the structure summary, e.g. {@code Conv2d(32→64, k=3, s=1, p=1)}. */
    @Override
    public abstract String description();

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (Pair<String, Block> child : children) {
            child.getValue().initialize(manager, dataType, shape);
            shape = child.getValue().getOutputShapes(new Shape[] {shape})[0];
        }
    }

    /** Runs all children in order (for blocks that are a plain chain). */
    protected NDArray runChildren(ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        for (Pair<String, Block> child : children) {
            x = run(child.getValue(), ps, x, training, params);
        }
        return x;
    }

    /** Output shape of a plain chain of children. */
    protected Shape chainShape(Shape input) {
        for (Pair<String, Block> child : children) {
            input = shapeAfter(child.getValue(), input);
        }
        return input;
    }

    /** Exports all children in order (for blocks that are a plain chain). */
    protected String exportChildren(dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder g, String input) {
        for (Pair<String, Block> child : children) {
            input = ((OnnxExportable) child.getValue()).exportOnnx(g, input);
        }
        return input;
    }

    /** Runs a child on one array. */
    /**
     * Moves an array derived from a parameter (a reshape, transpose, ...) into the manager of the step's input.
     * DJL puts an op's result in its first operand's manager; for a parameter that is the model's manager, which
     * lives as long as the model, so without this every training step would leave such arrays (and the autograd
     * graph they hold) behind and memory would grow without bound.
     */
    protected static NDArray stepScoped(NDArray derived, NDArray stepInput) {
        derived.attach(stepInput.getManager());
        return derived;
    }

    protected static NDArray run(Block child, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return child.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    /** Output shape of a child for one input shape. */
    protected static Shape shapeAfter(Block child, Shape input) {
        return child.getOutputShapes(new Shape[] {input})[0];
    }

    /** Short name of a child without DJL's ordinal prefix ("02conv" → "conv"). */
    public static String childName(String djlName) {
        int i = 0;
        while (i < djlName.length() && Character.isDigit(djlName.charAt(i))) {
            i++;
        }
        return djlName.substring(i);
    }

    /** A trainable or running-statistics parameter with its shape fixed now. */
    protected static Parameter parameter(String name, Parameter.Type type, Shape shape,
            ai.djl.training.initializer.Initializer init, boolean trainable) {
        return Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init)
                .optRequiresGrad(trainable).build();
    }

    /** Shape {@code (1, C, 1, ..., 1)} for broadcasting per-channel values over {@code rank} axes. */
    protected static Shape channelBroadcast(long channels, int rank) {
        long[] s = new long[rank];
        java.util.Arrays.fill(s, 1);
        s[1] = channels;
        return new Shape(s);
    }
}
