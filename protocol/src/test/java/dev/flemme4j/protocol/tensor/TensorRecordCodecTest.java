package dev.flemme4j.protocol.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorRecordCodecTest {

    private final TensorRecordCodec codec = TensorRecordCodec.standard();

    private static TensorRecord sample() {
        return TensorRecord.of(
                NamedTensor.ofFloats("input", new long[] {2, 1, 2, 3}, new float[] {0, 1, 2, 3, 4, 5, -1, -2, -3, 0.5f, 1e-7f, Float.MAX_VALUE}),
                NamedTensor.ofLongs("labels", new long[] {2}, new long[] {7, -1}),
                NamedTensor.ofInts("idx", new long[] {3}, new int[] {1, 2, 3}),
                NamedTensor.ofUint8("mask", new long[] {2, 2}, new byte[] {0, 1, (byte) 255, 0}),
                NamedTensor.ofFloats("scalar", new long[] {}, new float[] {42f}),
                NamedTensor.ofFloats("empty", new long[] {0, 5}, new float[0]));
    }

    @Test
    void roundTripKeepsNamesOrderTypesShapesAndValues() {
        TensorRecord record = sample();
        byte[] bytes = codec.encode(record);
        assertEquals(TensorRecordCodec.encodedSize(record), bytes.length);
        TensorRecord back = codec.decode(bytes);
        assertEquals(record, back);
        assertArrayEquals(record.require("input").toFloatArray(), back.require("input").toFloatArray());
        assertArrayEquals(new long[] {7, -1}, back.require("labels").toLongArray());
        assertArrayEquals(new int[] {1, 2, 3}, back.require("idx").toIntArray());
        assertEquals(DType.UINT8, back.require("mask").dtype());
        assertEquals("input", back.tensors().get(0).name());
        assertEquals("empty", back.tensors().get(5).name());
    }

    @Test
    void layoutIsLittleEndianAsDocumented() {
        byte[] bytes = codec.encode(TensorRecord.of(NamedTensor.ofFloats("x", new long[] {1}, new float[] {1.0f})));
        // FLTR | v1 | count=1 | nameLen=1 | 'x' | FLOAT32=1 | rank=1 | dim 1 | dataLen 4 | 1.0f
        assertEquals("464c5452" + "01" + "0100" + "0100" + "78" + "01" + "01" + "0100000000000000"
                + "0400000000000000" + "0000803f", HexFormat.of().formatHex(bytes));
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = codec.encode(sample());
        bytes[0] = 'X';
        assertMessage(bytes, "magic");
    }

    @Test
    void rejectsUnsupportedVersion() {
        byte[] bytes = codec.encode(sample());
        bytes[4] = 2;
        assertMessage(bytes, "unsupported tensor record version 2");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] bytes = codec.encode(sample());
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 3);
        assertMessage(longer, "3 unexpected trailing bytes");
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] bytes = codec.encode(sample());
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, len);
            TensorRecordException e = assertThrows(TensorRecordException.class, () -> codec.decode(cut), "length " + len);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void rejectsNegativeDimension() {
        assertMessage(handMade("x", DType.FLOAT32.code(), new long[] {-1, 4}, -16, 0), "negative dimension -1 at axis 0");
    }

    @Test
    void rejectsHugeDimensionsWithoutAllocating() {
        assertMessage(handMade("x", DType.FLOAT32.code(), new long[] {1L << 40, 1L << 40}, 16, 0), "overflows 64 bits");
        assertMessage(handMade("x", DType.FLOAT32.code(), new long[] {1L << 40}, 1L << 42, 0), "truncated");
    }

    @Test
    void rejectsDataLengthThatDisagreesWithShape() {
        assertMessage(handMade("x", DType.FLOAT32.code(), new long[] {2, 2}, 12, 12), "declares 12 data bytes but its shape [2, 2] × FLOAT32 needs 16");
    }

    @Test
    void rejectsUnknownDtype() {
        assertMessage(handMade("x", 99, new long[] {1}, 4, 4), "unknown dtype code 99");
    }

    @Test
    void rejectsNameLongerThanRecord() {
        ByteBuffer b = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
        b.put("FLTR".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).putShort((short) 1).putShort((short) 60000);
        assertMessage(b.array(), "name (60000 bytes) needs 60000 bytes");
    }

    @Test
    void rejectsInvalidUtf8Name() {
        byte[] bytes = handMade("x", DType.FLOAT32.code(), new long[] {1}, 4, 4);
        bytes[9] = (byte) 0xFF;
        assertMessage(bytes, "not valid UTF-8");
    }

    @Test
    void rejectsDuplicateNames() {
        ByteBuffer a = ByteBuffer.wrap(codec.encode(TensorRecord.of(NamedTensor.ofFloats("x", new long[] {1}, new float[] {1}))));
        byte[] one = a.array();
        // two copies of the same tensor body behind a header that says 2
        int body = one.length - 7;
        byte[] two = new byte[7 + 2 * body];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(one, 7, two, one.length, body);
        two[5] = 2;
        assertMessage(two, "duplicate tensor name 'x'");
    }

    @Test
    void enforcesMaxRecordSizeBothWays() {
        TensorRecordCodec small = TensorRecordCodec.withMaxRecordBytes(64);
        TensorRecord big = TensorRecord.of(NamedTensor.ofFloats("x", new long[] {100}, new float[100]));
        TensorRecordException e = assertThrows(TensorRecordException.class, () -> small.encode(big));
        assertTrue(e.getMessage().contains("over the limit of 64 bytes"), e.getMessage());
        byte[] bytes = codec.encode(big);
        e = assertThrows(TensorRecordException.class, () -> small.decode(bytes));
        assertTrue(e.getMessage().contains("over the limit of 64 bytes"), e.getMessage());
    }

    @Test
    void constructorChecksDataAgainstShape() {
        TensorRecordException e = assertThrows(TensorRecordException.class,
                () -> NamedTensor.ofFloats("x", new long[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("needs 24 data bytes, got 20"), e.getMessage());
        assertThrows(TensorRecordException.class, () -> NamedTensor.ofFloats("", new long[] {1}, new float[1]));
        assertThrows(TensorRecordException.class, () -> sample().require("nope"));
        assertThrows(TensorRecordException.class, () -> sample().require("input").toLongArray());
    }

    @Test
    void fourByOneTwentyEightCubedVolumeRoundTripsUnderTheDefaultCap() {
        float[] volume = new float[4 * 128 * 128 * 128]; // 33.5 MB: above Kafka's default 1 MB record size
        for (int i = 0; i < volume.length; i += 4099) {
            volume[i] = i;
        }
        TensorRecord record = TensorRecord.of(NamedTensor.ofFloats("volume", new long[] {4, 128, 128, 128}, volume));
        byte[] bytes = codec.encode(record);
        assertEquals(4L * 128 * 128 * 128 * 4 + 7 + 2 + 6 + 2 + 4 * 8 + 8, bytes.length);
        assertArrayEquals(volume, codec.decode(bytes).require("volume").toFloatArray());
    }

    @Test
    void fuzzedGarbageAndMutationsOnlyEverThrowTensorRecordException() {
        Random random = new Random(20261126L);
        byte[] valid = codec.encode(sample());
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            switch (i % 4) {
                case 0 -> {
                    input = new byte[random.nextInt(64)];
                    random.nextBytes(input);
                    if (input.length >= 5 && random.nextBoolean()) {
                        System.arraycopy("FLTR".getBytes(StandardCharsets.US_ASCII), 0, input, 0, 4);
                        input[4] = 1;
                    }
                }
                case 1 -> input = java.util.Arrays.copyOf(valid, random.nextInt(valid.length + 8));
                default -> {
                    input = valid.clone();
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            byte[] candidate = input;
            try {
                codec.decode(candidate);
            } catch (TensorRecordException expected) {
                // the only acceptable failure
            } catch (RuntimeException other) {
                throw new AssertionError("input #" + i + " " + HexFormat.of().formatHex(candidate) + " threw " + other, other);
            }
        }
    }

    private void assertMessage(byte[] bytes, String fragment) {
        TensorRecordException e = assertThrows(TensorRecordException.class, () -> codec.decode(bytes));
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    /** A one-tensor record written field by field, so tests can put lies in any field. */
    private static byte[] handMade(String name, int dtypeCode, long[] dims, long dataLen, int actualData) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(7 + 2 + n.length + 2 + 8 * dims.length + 8 + actualData).order(ByteOrder.LITTLE_ENDIAN);
        b.put("FLTR".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).putShort((short) 1);
        b.putShort((short) n.length).put(n).put((byte) dtypeCode).put((byte) dims.length);
        for (long d : dims) {
            b.putLong(d);
        }
        b.putLong(dataLen);
        return b.array();
    }
}
