package dev.flemme4j.modelzoo.onnx;

/** A node attribute (ONNX AttributeProto subset: FLOAT, INT, STRING, INTS). */
public record OnnxAttribute(String name, Kind kind, float floatValue, long[] ints, String text) {
    /** ONNX AttributeProto.AttributeType numbers. */
    public enum Kind {
        FLOAT(1), INT(2), STRING(3), INTS(7);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    public static OnnxAttribute floatValue(String name, float value) {
        return new OnnxAttribute(name, Kind.FLOAT, value, new long[0], null);
    }

    public static OnnxAttribute intValue(String name, long value) {
        return new OnnxAttribute(name, Kind.INT, 0f, new long[] {value}, null);
    }

    public static OnnxAttribute ints(String name, long... values) {
        return new OnnxAttribute(name, Kind.INTS, 0f, values.clone(), null);
    }

    /** {@link #ints(String, long...)} for the int permutations and sizes the blocks compute. */
    public static OnnxAttribute ints(String name, int[] values) {
        return new OnnxAttribute(name, Kind.INTS, 0f, java.util.Arrays.stream(values).asLongStream().toArray(), null);
    }

    public static OnnxAttribute string(String name, String value) {
        return new OnnxAttribute(name, Kind.STRING, 0f, new long[0], value);
    }

    /** Same value repeated {@code n} times, e.g. strides for every spatial axis. */
    public static OnnxAttribute repeated(String name, long value, int n) {
        long[] v = new long[n];
        java.util.Arrays.fill(v, value);
        return ints(name, v);
    }

    ProtoMessage toProto() {
        // AttributeProto: name=1, f=2, i=3, s=4, ints=8, type=20
        ProtoMessage m = new ProtoMessage().string(1, name);
        switch (kind) {
            case FLOAT -> m.float32(2, floatValue);
            case INT -> m.int64(3, ints[0]);
            case STRING -> m.bytes(4, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case INTS -> {
                for (long v : ints) {
                    m.int64(8, v);
                }
            }
        }
        return m.int32(20, kind.code);
    }
}
