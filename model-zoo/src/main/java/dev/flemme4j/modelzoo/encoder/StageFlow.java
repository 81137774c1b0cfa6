package dev.flemme4j.modelzoo.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.onnx.OnnxAttribute;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * The two operations a densely wired network is made of, applying a block and concatenating along channels,
 * over arrays (forward pass), shapes (initialisation and shape inference) or ONNX value names (export). A
 * network with many cross-stage connections writes its wiring once against this and runs it in all three
 * worlds, so the forward pass, the shapes and the exported graph cannot drift apart.
 *
 * @param <T> what flows between blocks: {@link NDArray}, {@link Shape} or an ONNX value name
 */
interface StageFlow<T> {
    T apply(NetworkBlock block, T input);

    /** Concatenation along the channel axis (1), in list order. */
    T concat(List<T> parts);

    static StageFlow<NDArray> arrays(ParameterStore ps, boolean training, PairList<String, Object> params) {
        return new StageFlow<>() {
            @Override
            public NDArray apply(NetworkBlock block, NDArray input) {
                return block.forward(ps, new NDList(input), training, params).singletonOrThrow();
            }

            @Override
            public NDArray concat(List<NDArray> parts) {
                return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 1);
            }
        };
    }

    /** Shapes; with a manager, each block is also initialised for the shape it receives. */
    static StageFlow<Shape> shapes(NDManager manager, DataType dataType) {
        return new StageFlow<>() {
            @Override
            public Shape apply(NetworkBlock block, Shape input) {
                if (manager != null) {
                    block.initialize(manager, dataType, input);
                }
                return block.getOutputShapes(new Shape[] {input})[0];
            }

            @Override
            public Shape concat(List<Shape> parts) {
                long[] out = parts.get(0).getShape().clone();
                out[1] = parts.stream().mapToLong(s -> s.get(1)).sum();
                return new Shape(out);
            }
        };
    }

    static StageFlow<String> onnx(OnnxGraphBuilder g) {
        return new StageFlow<>() {
            @Override
            public String apply(NetworkBlock block, String input) {
                return block.exportOnnx(g, input);
            }

            @Override
            public String concat(List<String> parts) {
                return parts.size() == 1 ? parts.get(0) : g.node("Concat", parts, OnnxAttribute.intValue("axis", 1));
            }
        };
    }
}
