package dev.flemme4j.serving.task;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.api.ApiException;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of valid tensor records and PNGs fed to the request decoders: every input must end
 * in a decoded tensor or an {@link ApiException} (400/413/415), never another exception, an error or a hang.
 * 100,000 inputs in all; the seed is printed so a failure can be replayed.
 */
class DecoderFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    static final int RECORDS = Integer.getInteger("fuzz.records", 80_000);
    static final int PNGS = Integer.getInteger("fuzz.pngs", 20_000);
    static final long[] BOUNDARY_LONGS = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, 1L << 32, 1L << 40, 65535, 3};
    static final byte[] BOUNDARY_BYTES = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1, 2, 5, 9};

    static final ModelManifest MANIFEST = ModelManifest.builder().setName("fuzz").setArchitecture("SeM").setTask(Task.SEGMENT)
            .setInputs(TensorSpec.of("input", DType.FLOAT32, -1, 1, 8, 8))
            .setOutputs(TensorSpec.of("seg_logits", DType.FLOAT32, -1, 1, 8, 8))
            .optPreprocessing(new Preprocessing(List.of(8, 8), 1, true, Preprocessing.TO_TENSOR_SCALE, new Preprocessing.Normalize(List.of(0.5), List.of(0.5))))
            .optPostprocessing(Postprocessing.sigmoidThreshold(0.5))
            .setSha256("0".repeat(64)).optCreatedAt(Instant.parse("2026-11-26T00:00:00Z")).build();

    static final RequestInputs INPUTS = new RequestInputs(ImageCodec.withMaxPixels(1 << 20), TensorRecordCodec.withMaxRecordBytes(1 << 20), 1 << 16);

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int ops = 1 + r.nextInt(4);
        for (int o = 0; o < ops; o++) {
            switch (r.nextInt(7)) {
                case 0 -> { // bit flip
                    if (b.length > 0) {
                        int i = r.nextInt(b.length);
                        b[i] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> { // boundary byte
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] = BOUNDARY_BYTES[r.nextInt(BOUNDARY_BYTES.length)];
                    }
                }
                case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncate
                case 3 -> { // extend with noise
                    int extra = 1 + r.nextInt(32);
                    int old = b.length;
                    b = Arrays.copyOf(b, old + extra);
                    for (int i = old; i < b.length; i++) {
                        b[i] = (byte) r.nextInt(256);
                    }
                }
                case 4 -> { // boundary long (dims, lengths)
                    if (b.length >= 8) {
                        int i = r.nextInt(b.length - 7);
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(i, BOUNDARY_LONGS[r.nextInt(BOUNDARY_LONGS.length)]);
                    }
                }
                case 5 -> { // duplicate a chunk in place
                    if (b.length > 2) {
                        int from = r.nextInt(b.length), to = r.nextInt(b.length);
                        int len = Math.min(1 + r.nextInt(16), Math.min(b.length - from, b.length - to));
                        System.arraycopy(b.clone(), from, b, to, len);
                    }
                }
                default -> { // random byte
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                }
            }
        }
        return b;
    }

    static byte[] seedRecord(Random r, int variant) {
        long[][] shapes = {{1, 1, 8, 8}, {2, 1, 8, 8}, {1, 1, 16, 12}, {1, 1, 8}, {1}};
        long[] shape = shapes[variant % shapes.length];
        float[] x = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        NamedTensor t = NamedTensor.ofFloats(variant % 7 == 6 ? "other" : "input", shape, x);
        TensorRecord rec = variant % 3 == 0 ? TensorRecord.of(t, NamedTensor.ofLongs("ids", new long[] {2}, new long[] {4, 5})) : TensorRecord.of(t);
        return TensorRecordCodec.standard().encode(rec);
    }

    static byte[] seedPng(Random r) {
        int w = 4 + r.nextInt(12), h = 4 + r.nextInt(12);
        BufferedImage img = new BufferedImage(w, h, r.nextBoolean() ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return ImageCodec.encodePng(img);
    }

    interface Decoder {
        void decode(byte[] body);
    }

    static int[] run(int count, Random r, java.util.function.Supplier<byte[]> seeds, Decoder decoder) {
        int decoded = 0, refused = 0;
        byte[][] pool = new byte[16][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = seeds.get();
        }
        for (int i = 0; i < count; i++) {
            byte[] input = mutate(pool[r.nextInt(pool.length)], r);
            try {
                decoder.decode(input);
                decoded++;
            } catch (ApiException e) {
                if (e.status() != 400 && e.status() != 413 && e.status() != 415) {
                    fail("input #" + i + " (seed " + SEED + "): status " + e.status() + " " + e.getMessage());
                }
                refused++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("input #" + i + " (seed " + SEED + ", " + input.length + " bytes) threw " + e, e);
            }
        }
        return new int[] {decoded, refused};
    }

    @Test
    void mutatedRecordsAndPngsDecodeOrAreRefusedCleanly() {
        System.out.println("DecoderFuzzTest seed " + SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(SEED);
            int[] variant = {0};
            long t0 = System.nanoTime();
            int[] records = run(RECORDS, r, () -> seedRecord(r, variant[0]++), b -> INPUTS.fromTensorRecord(MANIFEST, b, true));
            long t1 = System.nanoTime();
            int[] pngs = run(PNGS, r, () -> seedPng(r), b -> INPUTS.fromImage(MANIFEST, b));
            long t2 = System.nanoTime();
            System.out.printf("records: %d decoded, %d refused in %.1f s; PNGs: %d decoded, %d refused in %.1f s%n",
                    records[0], records[1], (t1 - t0) / 1e9, pngs[0], pngs[1], (t2 - t1) / 1e9);
            assertTrue(records[0] > 0 && records[1] > 0, "the mutator must reach both outcomes for records");
            assertTrue(pngs[1] > 0, "the mutator must break some PNGs");
            assertTrue(RECORDS + PNGS >= 100_000 || Integer.getInteger("fuzz.records") != null);
        });
    }
}
