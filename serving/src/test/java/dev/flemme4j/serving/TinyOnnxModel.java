package dev.flemme4j.serving;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a one-node ONNX model by hand (protobuf wire format, official ONNX field numbers), so serving tests
 * need no other module and no Python: {@code seg_logits = Conv(input, W, B)} with a 3×3 kernel, padding 1,
 * one input and one output channel; input {@code [N, 1, H, W]} with a dynamic batch.
 */
final class TinyOnnxModel {

    final int height;
    final int width;
    final float[] kernel; // 3×3 row-major
    final float bias;

    TinyOnnxModel(int height, int width, float[] kernel, float bias) {
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.bias = bias;
    }

    /** What ORT should compute, written the slow obvious way: (N, 1, H, W) → (N, 1, H, W), zero padding. */
    float[] reference(float[] input, int batch) {
        float[] out = new float[input.length];
        for (int n = 0; n < batch; n++) {
            int base = n * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float sum = bias;
                    for (int ky = -1; ky <= 1; ky++) {
                        for (int kx = -1; kx <= 1; kx++) {
                            int sy = y + ky, sx = x + kx;
                            if (sy >= 0 && sy < height && sx >= 0 && sx < width) {
                                sum += kernel[(ky + 1) * 3 + kx + 1] * input[base + sy * width + sx];
                            }
                        }
                    }
                    out[base + y * width + x] = sum;
                }
            }
        }
        return out;
    }

    byte[] toBytes() {
        return message(m -> {
            m.writeInt64(1, 8); // ir_version
            m.writeString(2, "flemme4j-test"); // producer_name
            m.writeByteArray(7, graph()); // graph
            m.writeByteArray(8, message(o -> { // opset_import
                o.writeString(1, "");
                o.writeInt64(2, 17);
            }));
        });
    }

    private byte[] graph() {
        return message(g -> {
            g.writeByteArray(1, message(n -> { // node
                n.writeString(1, "input");
                n.writeString(1, "W");
                n.writeString(1, "B");
                n.writeString(2, "seg_logits");
                n.writeString(3, "conv");
                n.writeString(4, "Conv");
                n.writeByteArray(5, intsAttribute("kernel_shape", 3, 3));
                n.writeByteArray(5, intsAttribute("pads", 1, 1, 1, 1));
            }));
            g.writeString(2, "tiny");
            g.writeByteArray(5, floatTensor("W", kernel, 1, 1, 3, 3)); // initializer
            g.writeByteArray(5, floatTensor("B", new float[] {bias}, 1));
            g.writeByteArray(11, valueInfo("input")); // input
            g.writeByteArray(12, valueInfo("seg_logits")); // output
        });
    }

    private static byte[] intsAttribute(String name, long... values) {
        return message(a -> {
            a.writeString(1, name);
            for (long v : values) {
                a.writeInt64(8, v); // ints
            }
            a.writeInt32(20, 7); // type = INTS
        });
    }

    private static byte[] floatTensor(String name, float[] values, long... dims) {
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

    private byte[] valueInfo(String name) {
        byte[] shape = message(s -> {
            s.writeByteArray(1, message(d -> d.writeString(2, "N")));
            s.writeByteArray(1, message(d -> d.writeInt64(1, 1)));
            s.writeByteArray(1, message(d -> d.writeInt64(1, height)));
            s.writeByteArray(1, message(d -> d.writeInt64(1, width)));
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
