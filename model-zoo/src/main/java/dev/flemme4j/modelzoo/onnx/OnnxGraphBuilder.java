package dev.flemme4j.modelzoo.onnx;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the nodes, initializers and graph inputs/outputs of one ONNX graph and serialises them as a
 * ModelProto (ir_version 8, default-domain opset 17). Nodes must be added in execution order.
 *
 * <p>Field numbers follow onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto,
 * TypeProto, TensorShapeProto, OperatorSetIdProto).
 */
public final class OnnxGraphBuilder {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final List<ProtoMessage> inputs = new ArrayList<>();
    private final List<ProtoMessage> outputs = new ArrayList<>();
    private final Map<String, Integer> nameCounts = new HashMap<>();
    private final Map<String, String> sharedConstants = new HashMap<>();
    private final Map<String, String> context = new HashMap<>();
    private int nodeCount;

    /**
     * Makes a value visible by key to every block exported after this call (the graph-side twin of the extra
     * forward arguments DJL blocks read from their {@code params}, e.g. the time-step embedding); {@code null}
     * removes the binding.
     */
    public void bindContext(String key, String value) {
        if (value == null) {
            context.remove(key);
        } else {
            context.put(key, value);
        }
    }

    /** The value bound to {@code key} by {@link #bindContext}, or null. */
    public String context(String key) {
        return context.get(key);
    }

    /** A fresh value name starting with {@code hint}. */
    public String uniqueName(String hint) {
        int n = nameCounts.merge(hint, 1, Integer::sum);
        return n == 1 ? hint : hint + "_" + n;
    }

    /**
     * Declares a float graph input.
     *
     * @param dims per axis a {@code Long} (fixed size) or a {@code String} (symbolic, e.g. "batch")
     */
    public String addInput(String name, List<Object> dims) {
        inputs.add(valueInfo(name, dims));
        nameCounts.merge(name, 1, Integer::sum);
        return name;
    }

    /** Declares a float graph output; {@code value} is renamed to {@code name} through an Identity if needed. */
    public void addOutput(String value, String name, List<Object> dims) {
        if (!value.equals(name)) {
            nodes.add(nodeProto("Identity", List.of(value), List.of(name), List.of()));
        }
        outputs.add(valueInfo(name, dims));
    }

    /** A float initializer holding a copy of {@code array} (raw little-endian). */
    public String initializer(String hint, NDArray array) {
        return floats(hint, array.toFloatArray(), array.getShape().getShape());
    }

    public String floats(String hint, float[] values, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return tensor(hint, FLOAT, buf.array(), dims);
    }

    /**
     * A float initializer holding the transpose {@code [cols, rows]} of a row-major {@code [rows, cols]} matrix: a
     * linear layer's weight as the right operand of MatMul.
     */
    public String transposedMatrix(String hint, float[] rowMajor, int rows, int cols) {
        float[] t = new float[rowMajor.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = rowMajor[r * cols + c];
            }
        }
        return floats(hint, t, cols, rows);
    }

    public String int64s(String hint, long[] values, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return tensor(hint, INT64, buf.array(), dims);
    }

    /** A 1-D int64 constant, shared between nodes that need the same value (e.g. reshape targets). */
    public String sharedInt64s(String hint, long... values) {
        String key = "i64:" + java.util.Arrays.toString(values);
        return sharedConstants.computeIfAbsent(key, k -> int64s(hint, values, values.length));
    }

    /** A scalar int64 constant (e.g. a Gather index), shared between nodes. */
    public String sharedInt64Scalar(long value) {
        String key = "i64s:" + value;
        return sharedConstants.computeIfAbsent(key, k -> int64s("index", new long[] {value}));
    }

    /** A scalar float constant, shared between nodes. */
    public String sharedScalar(String hint, float value) {
        String key = "f32:" + Float.floatToIntBits(value);
        return sharedConstants.computeIfAbsent(key, k -> floats(hint, new float[] {value}));
    }

    /** Adds a single-output node and returns its output name. */
    public String node(String opType, List<String> nodeInputs, OnnxAttribute... attributes) {
        String out = uniqueName(opType.toLowerCase() + "_out");
        nodes.add(nodeProto(opType, nodeInputs, List.of(out), List.of(attributes)));
        return out;
    }

    /** Adds a node with {@code count} outputs (e.g. TopK's values and indices) and returns their names. */
    public List<String> nodeWithOutputs(String opType, List<String> nodeInputs, int count, OnnxAttribute... attributes) {
        List<String> outs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            outs.add(uniqueName(opType.toLowerCase() + "_out" + i));
        }
        nodes.add(nodeProto(opType, nodeInputs, outs, List.of(attributes)));
        return outs;
    }

    /** Serialises the model. */
    public byte[] toModelBytes(String graphName, String producer, String producerVersion) {
        ProtoMessage graph = new ProtoMessage();
        for (ProtoMessage n : nodes) {
            graph.message(1, n);
        }
        graph.string(2, graphName);
        for (ProtoMessage t : initializers) {
            graph.message(5, t);
        }
        for (ProtoMessage i : inputs) {
            graph.message(11, i);
        }
        for (ProtoMessage o : outputs) {
            graph.message(12, o);
        }
        ProtoMessage opset = new ProtoMessage().string(1, "").int64(2, OPSET);
        return new ProtoMessage()
                .int64(1, IR_VERSION)
                .string(2, producer)
                .string(3, producerVersion)
                .message(7, graph)
                .message(8, opset)
                .toByteArray();
    }

    private String tensor(String hint, int dataType, byte[] raw, long... dims) {
        String name = uniqueName(hint);
        ProtoMessage t = new ProtoMessage();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int32(2, dataType).string(8, name).bytes(9, raw);
        initializers.add(t);
        return name;
    }

    private ProtoMessage nodeProto(String opType, List<String> in, List<String> out, List<OnnxAttribute> attributes) {
        ProtoMessage n = new ProtoMessage();
        for (String i : in) {
            n.string(1, i);
        }
        for (String o : out) {
            n.string(2, o);
        }
        n.string(3, opType + "_" + (nodeCount++)).string(4, opType);
        for (OnnxAttribute a : attributes) {
            n.message(5, a.toProto());
        }
        return n;
    }

    private static ProtoMessage valueInfo(String name, List<Object> dims) {
        ProtoMessage shape = new ProtoMessage();
        for (Object d : dims) {
            ProtoMessage dim = new ProtoMessage();
            if (d instanceof String s) {
                dim.string(2, s);
            } else {
                dim.int64(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        ProtoMessage tensorType = new ProtoMessage().int32(1, FLOAT).message(2, shape);
        ProtoMessage type = new ProtoMessage().message(1, tensorType);
        return new ProtoMessage().string(1, name).message(2, type);
    }
}
