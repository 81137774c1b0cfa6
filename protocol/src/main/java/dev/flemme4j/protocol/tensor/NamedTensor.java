package dev.flemme4j.protocol.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named, typed, dense tensor in row-major (C) order with little-endian element bytes.
 *
 * <p>{@code data} is kept as a read-only little-endian view positioned at 0 whose {@code remaining()} is
 * exactly {@code elementCount × dtype.byteSize()}; the constructor checks this, so every instance is
 * consistent. Shapes are copied in and out because arrays are mutable.
 */
public record NamedTensor(String name, DType dtype, long[] shape, ByteBuffer data) {

    /** Longest name in UTF-8 bytes (the length is a u16 on the wire). */
    public static final int MAX_NAME_BYTES = 0xFFFF;
    /** Highest rank (the rank is a u8 on the wire). */
    public static final int MAX_RANK = 0xFF;

    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (name.isEmpty()) {
            throw new TensorRecordException("tensor name must not be empty");
        }
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_NAME_BYTES) {
            throw new TensorRecordException("tensor name is " + nameBytes + " UTF-8 bytes, at most " + MAX_NAME_BYTES + " allowed");
        }
        if (shape.length > MAX_RANK) {
            throw new TensorRecordException("tensor '" + name + "' has rank " + shape.length + ", at most " + MAX_RANK + " allowed");
        }
        shape = shape.clone();
        long expected = byteLength(name, dtype, shape);
        if (data.remaining() != expected) {
            throw new TensorRecordException("tensor '" + name + "' of shape " + Arrays.toString(shape) + " and dtype " + dtype
                    + " needs " + expected + " data bytes, got " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of elements a shape holds, with a clear error for negative dimensions or overflow. */
    public static long elementCount(String name, long[] shape) {
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new TensorRecordException("tensor '" + name + "' has negative dimension " + shape[i] + " at axis " + i);
            }
            try {
                count = Math.multiplyExact(count, shape[i]);
            } catch (ArithmeticException e) {
                throw new TensorRecordException("tensor '" + name + "' shape " + Arrays.toString(shape) + " overflows 64 bits");
            }
        }
        return count;
    }

    static long byteLength(String name, DType dtype, long[] shape) {
        try {
            return Math.multiplyExact(elementCount(name, shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new TensorRecordException("tensor '" + name + "' shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
    }

    public static NamedTensor ofFloats(String name, long[] shape, float[] values) {
        ByteBuffer buf = allocate(values.length, 4);
        buf.asFloatBuffer().put(values);
        return new NamedTensor(name, DType.FLOAT32, shape, buf);
    }

    public static NamedTensor ofLongs(String name, long[] shape, long[] values) {
        ByteBuffer buf = allocate(values.length, 8);
        buf.asLongBuffer().put(values);
        return new NamedTensor(name, DType.INT64, shape, buf);
    }

    public static NamedTensor ofInts(String name, long[] shape, int[] values) {
        ByteBuffer buf = allocate(values.length, 4);
        buf.asIntBuffer().put(values);
        return new NamedTensor(name, DType.INT32, shape, buf);
    }

    public static NamedTensor ofUint8(String name, long[] shape, byte[] values) {
        return new NamedTensor(name, DType.UINT8, shape, ByteBuffer.wrap(values.clone()));
    }

    private static ByteBuffer allocate(int count, int size) {
        return ByteBuffer.allocate(Math.multiplyExact(count, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A fresh read-only view of the data (position 0, little-endian); callers may move its position freely. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    public long elementCount() {
        return elementCount(name, shape);
    }

    public long byteLength() {
        return data.remaining();
    }

    public FloatBuffer asFloatBuffer() {
        requireType(DType.FLOAT32);
        return data().asFloatBuffer();
    }

    public float[] toFloatArray() {
        FloatBuffer fb = asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    public long[] toLongArray() {
        requireType(DType.INT64);
        LongBuffer lb = data().asLongBuffer();
        long[] out = new long[lb.remaining()];
        lb.get(out);
        return out;
    }

    public int[] toIntArray() {
        requireType(DType.INT32);
        IntBuffer ib = data().asIntBuffer();
        int[] out = new int[ib.remaining()];
        ib.get(out);
        return out;
    }

    /** The raw little-endian bytes, whatever the dtype. */
    public byte[] toByteArray() {
        byte[] out = new byte[data.remaining()];
        data().get(out);
        return out;
    }

    private void requireType(DType wanted) {
        if (dtype != wanted) {
            throw new TensorRecordException("tensor '" + name + "' is " + dtype + ", expected " + wanted);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedTensor t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + ", " + dtype + ", " + Arrays.toString(shape) + "]";
    }
}
