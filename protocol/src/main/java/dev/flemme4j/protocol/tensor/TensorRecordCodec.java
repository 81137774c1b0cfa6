package dev.flemme4j.protocol.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one binary layout for tensors on Kafka and HTTP. All integers little-endian:
 *
 * <pre>
 * record  := magic "FLTR" (4 bytes) | version u8 (= 1) | count u16 | tensor × count
 * tensor  := nameLen u16 | name (UTF-8, nameLen bytes, non-empty) | dtype u8 | rank u8
 *            | dims i64 × rank | dataLen i64 | data (dataLen bytes, row-major)
 * </pre>
 *
 * <p>{@code dataLen} must equal product(dims) × dtype size, and the record must end exactly after the last
 * tensor. Decoding checks every length against the bytes that remain before it reads, so malformed input
 * always ends in a {@link TensorRecordException} saying what is wrong and at which byte offset.
 *
 * <p>Decoded tensors are views of the input bytes (no copy): do not modify the input afterwards.
 */
public final class TensorRecordCodec {

    /** Media type for HTTP bodies in this layout. */
    public static final String MEDIA_TYPE = "application/x-flemme-tensor";
    public static final int VERSION = 1;
    /** Default cap on a whole record: far above one 4×128³ float32 volume (33.5 MB), far below a JVM array. */
    public static final long DEFAULT_MAX_RECORD_BYTES = 256L * 1024 * 1024;

    private static final byte[] MAGIC = {'F', 'L', 'T', 'R'};
    private static final int HEADER_BYTES = MAGIC.length + 1 + 2;

    private static final TensorRecordCodec DEFAULT = new TensorRecordCodec(DEFAULT_MAX_RECORD_BYTES);

    private final long maxRecordBytes;

    private TensorRecordCodec(long maxRecordBytes) {
        if (maxRecordBytes < HEADER_BYTES || maxRecordBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxRecordBytes must be in [" + HEADER_BYTES + ", " + (Integer.MAX_VALUE - 8) + "], got " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /** A codec with the {@link #DEFAULT_MAX_RECORD_BYTES} cap. */
    public static TensorRecordCodec standard() {
        return DEFAULT;
    }

    public static TensorRecordCodec withMaxRecordBytes(long maxRecordBytes) {
        return new TensorRecordCodec(maxRecordBytes);
    }

    public long maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Exact encoded size of a record. */
    public static long encodedSize(TensorRecord record) {
        long size = HEADER_BYTES;
        for (NamedTensor t : record.tensors()) {
            size += 2 + t.name().getBytes(StandardCharsets.UTF_8).length + 1 + 1 + 8L * t.rank() + 8 + t.byteLength();
        }
        return size;
    }

    public byte[] encode(TensorRecord record) {
        long size = encodedSize(record);
        if (size > maxRecordBytes) {
            throw new TensorRecordException("record would be " + size + " bytes, over the limit of " + maxRecordBytes + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) VERSION).putShort((short) record.size());
        for (NamedTensor t : record.tensors()) {
            byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
            out.putShort((short) name.length).put(name);
            out.put((byte) t.dtype().code()).put((byte) t.rank());
            for (long d : t.shape()) {
                out.putLong(d);
            }
            out.putLong(t.byteLength());
            out.put(t.data());
        }
        return out.array();
    }

    public TensorRecord decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /** Decodes the remaining bytes of {@code buffer} (its position is not moved). */
    public TensorRecord decode(ByteBuffer buffer) {
        ByteBuffer in = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() > maxRecordBytes) {
            throw new TensorRecordException("record is " + in.remaining() + " bytes, over the limit of " + maxRecordBytes + " bytes");
        }
        need(in, HEADER_BYTES, "the record header (magic, version, tensor count)");
        for (int i = 0; i < MAGIC.length; i++) {
            if (in.get() != MAGIC[i]) {
                throw new TensorRecordException("not a tensor record: it does not start with the magic bytes \"FLTR\"");
            }
        }
        int version = Byte.toUnsignedInt(in.get());
        if (version != VERSION) {
            throw new TensorRecordException("unsupported tensor record version " + version + " (this reader understands version " + VERSION + ")");
        }
        int count = Short.toUnsignedInt(in.getShort());
        NamedTensor[] tensors = new NamedTensor[count];
        for (int i = 0; i < count; i++) {
            tensors[i] = readTensor(in, i);
        }
        if (in.hasRemaining()) {
            throw new TensorRecordException(in.remaining() + " unexpected trailing bytes after the last of " + count + " tensors at offset " + in.position());
        }
        return TensorRecord.of(tensors);
    }

    private static NamedTensor readTensor(ByteBuffer in, int index) {
        String where = "tensor #" + index;
        need(in, 2, where + " name length");
        int nameLen = Short.toUnsignedInt(in.getShort());
        if (nameLen == 0) {
            throw new TensorRecordException(where + " has an empty name at offset " + (in.position() - 2));
        }
        need(in, nameLen, where + " name (" + nameLen + " bytes)");
        String name = utf8(in, nameLen, where);
        where = "tensor #" + index + " '" + name + "'";
        need(in, 2, where + " dtype and rank");
        DType dtype;
        int dtypeCode = Byte.toUnsignedInt(in.get());
        try {
            dtype = DType.fromCode(dtypeCode);
        } catch (TensorRecordException e) {
            throw new TensorRecordException(where + ": " + e.getMessage());
        }
        int rank = Byte.toUnsignedInt(in.get());
        need(in, 8L * rank, where + " dims (rank " + rank + ")");
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = in.getLong();
        }
        long expected = NamedTensor.byteLength(name, dtype, shape);
        need(in, 8, where + " data length");
        long dataLen = in.getLong();
        if (dataLen != expected) {
            throw new TensorRecordException(where + " declares " + dataLen + " data bytes but its shape "
                    + java.util.Arrays.toString(shape) + " × " + dtype + " needs " + expected);
        }
        need(in, dataLen, where + " data");
        ByteBuffer data = in.slice(in.position(), (int) dataLen);
        in.position(in.position() + (int) dataLen);
        return new NamedTensor(name, dtype, shape, data);
    }

    private static String utf8(ByteBuffer in, int len, String where) {
        ByteBuffer bytes = in.slice(in.position(), len);
        in.position(in.position() + len);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new TensorRecordException(where + " name is not valid UTF-8");
        }
    }

    private static void need(ByteBuffer in, long bytes, String what) {
        if (bytes < 0 || bytes > in.remaining()) {
            throw new TensorRecordException("truncated record: " + what + " needs " + bytes + " bytes at offset "
                    + in.position() + " but only " + in.remaining() + " remain");
        }
    }
}
