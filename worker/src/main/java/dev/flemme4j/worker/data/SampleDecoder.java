package dev.flemme4j.worker.data;

import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.protocol.tensor.TensorRecordException;
import java.util.Arrays;

/**
 * Turns a data-topic record into a {@link Sample}, checking it against the shapes the model expects, so that
 * a garbled or foreign record is refused here with a reason instead of failing inside the engine.
 */
public final class SampleDecoder {
    public static final String IMAGE = "image";
    public static final String LABEL = "label";

    private final TensorRecordCodec codec = TensorRecordCodec.standard();
    private final long[] expectedImage;
    private final long[] expectedLabel;

    /** Expected shapes without the batch axis; null accepts any shape. */
    public SampleDecoder(long[] expectedImage, long[] expectedLabel) {
        this.expectedImage = expectedImage;
        this.expectedLabel = expectedLabel;
    }

    public Sample decode(String key, byte[] value) {
        if (value == null) {
            throw new TensorRecordException("empty record");
        }
        TensorRecord r = codec.decode(value);
        NamedTensor image = r.require(IMAGE);
        NamedTensor label = r.require(LABEL);
        check(image, expectedImage);
        check(label, expectedLabel);
        return new Sample(key, image.toFloatArray(), image.shape(), label.toFloatArray(), label.shape());
    }

    private static void check(NamedTensor t, long[] expected) {
        if (t.dtype() != DType.FLOAT32) {
            throw new TensorRecordException("tensor '" + t.name() + "' is " + t.dtype() + ", expected FLOAT32");
        }
        if (expected != null && !Arrays.equals(t.shape(), expected)) {
            throw new TensorRecordException("tensor '" + t.name() + "' has shape " + Arrays.toString(t.shape())
                    + ", the model expects " + Arrays.toString(expected));
        }
    }
}
