package dev.flemme4j.serving;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The pieces of an ONNX file written by hand in protobuf wire format with the official ONNX field numbers
 * (onnx/onnx.proto3), so serving tests build real models without Python or another module. Dimensions of
 * {@code -1} in value infos become the symbolic batch axis "N".
 */
public final class OnnxProto {

    private OnnxProto() {
    }

    /** ModelProto: IR version 8, default-domain opset 17. */
    public static byte[] model(byte[] graph) {
        return message(m -> {
            m.writeInt64(1, 8); // ir_version
            m.writeString(2, "flemme4j-test"); // producer_name
            m.writeByteArray(7, graph); // graph
            m.writeByteArray(8, message(o -> { // opset_import
                o.writeString(1, "");
                o.writeInt64(2, 17);
            }));
        });
    }

    public static byte[] graph(String name, List<byte[]> nodes, List<byte[]> initializers, byte[] input, byte[] output) {
        return message(g -> {
            for (byte[] n : nodes) {
                g.writeByteArray(1, n); // node
            }
            g.writeString(2, name);
            for (byte[] t : initializers) {
                g.writeByteArray(5, t); // initializer
            }
            g.writeByteArray(11, input);
            g.writeByteArray(12, output);
        });
    }

    public static byte[] node(String opType, List<String> inputs, String output, byte[]... attributes) {
        return message(n -> {
            for (String in : inputs) {
                n.writeString(1, in);
            }
            n.writeString(2, output);
            n.writeString(3, output + "_node");
            n.writeString(4, opType);
            for (byte[] a : attributes) {
                n.writeByteArray(5, a);
            }
        });
    }

    public static byte[] intsAttribute(String name, long... values) {
        return message(a -> {
            a.writeString(1, name);
            for (long v : values) {
                a.writeInt64(8, v); // ints
            }
            a.writeInt32(20, 7); // type = INTS
        });
    }

    public static byte[] intAttribute(String name, long value) {
        return message(a -> {
            a.writeString(1, name);
            a.writeInt64(3, value); // i
            a.writeInt32(20, 2); // type = INT
        });
    }

    public static byte[] floatTensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return message(t -> {
            for (long d : dims) {
                t.writeInt64(1, d);
            }
            t.writeInt32(2, 1); // FLOAT
            t.writeString(8, name);
            t.writeByteArray(9, raw.array()); // raw_data
        });
    }

    /** ValueInfoProto of a float tensor. */
    public static byte[] valueInfo(String name, long... dims) {
        byte[] shape = message(s -> {
            for (long d : dims) {
                s.writeByteArray(1, message(dim -> {
                    if (d < 0) {
                        dim.writeString(2, "N"); // dim_param
                    } else {
                        dim.writeInt64(1, d); // dim_value
                    }
                }));
            }
        });
        byte[] tensorType = message(t -> {
            t.writeInt32(1, 1); // elem_type FLOAT
            t.writeByteArray(2, shape);
        });
        byte[] type = message(t -> t.writeByteArray(1, tensorType));
        return message(v -> {
            v.writeString(1, name);
            v.writeByteArray(2, type);
        });
    }

    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
