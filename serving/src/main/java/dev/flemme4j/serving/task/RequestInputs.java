package dev.flemme4j.serving.task;

import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.image.ImageDecodeException;
import dev.flemme4j.protocol.image.ImagePreprocessor;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.protocol.tensor.TensorRecordException;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Request bodies to the model's graph input, the same way for every task: a PNG/JPEG goes through the
 * manifest's preprocessing as one sample; a tensor record must hold a float32 {@code "input"} of the manifest's
 * input shape. What the caller got wrong becomes a 400 {@link ApiException} naming the field. Runs on the
 * inference pool (decoding is CPU work).
 */
public final class RequestInputs {

    /** Name of the input tensor in request records, whatever the graph calls it. */
    public static final String INPUT = "input";

    /** A decoded upload and the graph input made from it. */
    public record ImageInput(BufferedImage original, NamedTensor tensor) {
    }

    private final ImageCodec imageCodec;
    private final TensorRecordCodec tensorCodec;
    private final long maxElements;

    public RequestInputs(ImageCodec imageCodec, TensorRecordCodec tensorCodec) {
        this(imageCodec, tensorCodec, Long.MAX_VALUE);
    }

    /** @param maxElements largest decoded input in elements; a larger one gets 413 naming {@code input} */
    public RequestInputs(ImageCodec imageCodec, TensorRecordCodec tensorCodec, long maxElements) {
        this.imageCodec = imageCodec;
        this.tensorCodec = tensorCodec;
        this.maxElements = maxElements;
    }

    public TensorRecordCodec tensorCodec() {
        return tensorCodec;
    }

    public ImageInput fromImage(ModelManifest manifest, byte[] body) {
        if (manifest.preprocessing() == null) {
            throw new ApiException(415, ErrorReason.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "model " + manifest.name()
                    + " has no image preprocessing in its manifest; send " + TensorRecordCodec.MEDIA_TYPE + " instead");
        }
        BufferedImage image;
        FloatImage prepared;
        try {
            image = imageCodec.decode(body);
            prepared = new ImagePreprocessor(manifest.preprocessing()).prepare(image);
        } catch (ImageDecodeException e) {
            throw new ApiException(400, ErrorReason.BAD_IMAGE, "body", e.getMessage(), e);
        }
        long[] shape = {1, prepared.channels(), prepared.height(), prepared.width()};
        checkShape(manifest.input(), shape);
        return new ImageInput(image, NamedTensor.ofFloats(manifest.input().name(), shape, prepared.data()));
    }

    /** The record's {@code "input"}, renamed to the graph's input name. */
    public NamedTensor fromTensorRecord(ModelManifest manifest, byte[] body) {
        return fromTensorRecord(manifest, body, false);
    }

    /**
     * As {@link #fromTensorRecord(ModelManifest, byte[])}; with {@code allowLarger} the spatial axes may also be larger
     * than the model's (for sliding windows), never smaller.
     */
    public NamedTensor fromTensorRecord(ModelManifest manifest, byte[] body, boolean allowLarger) {
        NamedTensor input;
        try {
            input = tensorCodec.decode(body).require(INPUT);
        } catch (TensorRecordException e) {
            throw new ApiException(400, ErrorReason.BAD_TENSOR, "body", e.getMessage(), e);
        }
        if (input.dtype() != DType.FLOAT32) {
            throw new ApiException(400, ErrorReason.BAD_TENSOR, INPUT, "tensor 'input' is " + input.dtype() + ", the model expects FLOAT32");
        }
        if (input.elementCount() > maxElements) {
            throw new ApiException(413, ErrorReason.BODY_TOO_LARGE, INPUT, "tensor 'input' has " + input.elementCount()
                    + " elements, over the limit of " + maxElements);
        }
        if (allowLarger) {
            checkAtLeast(manifest.input(), input.shape());
        } else {
            checkShape(manifest.input(), input.shape());
        }
        checkFinite(input);
        return new NamedTensor(manifest.input().name(), input.dtype(), input.shape(), input.data());
    }

    private static void checkAtLeast(TensorSpec spec, long[] actual) {
        java.util.List<Long> want = spec.shape();
        boolean ok = actual.length == want.size() && actual.length >= 3 && actual[0] >= 1;
        for (int a = 1; ok && a < actual.length; a++) {
            long w = want.get(a);
            ok = w < 0 ? actual[a] >= 1 : (a == 1 ? actual[a] == w : actual[a] >= w);
        }
        if (!ok) {
            throw new ApiException(400, ErrorReason.BAD_SHAPE, INPUT, "input shape " + Arrays.toString(actual)
                    + " does not fit the model's " + spec.describeShape() + ": same rank and channels, spatial axes at least the model's");
        }
    }

    // NaN/Inf would flow through ORT into NaN masks that look like an answer.
    private static void checkFinite(NamedTensor input) {
        java.nio.FloatBuffer x = input.asFloatBuffer();
        for (int i = 0, n = x.remaining(); i < n; i++) {
            float v = x.get(i);
            if (!Float.isFinite(v)) {
                throw new ApiException(400, ErrorReason.BAD_VALUE, INPUT, "tensor 'input' holds " + v + " at flat index " + i + "; values must be finite");
            }
        }
    }

    private static void checkShape(TensorSpec spec, long[] actual) {
        if (!spec.accepts(actual) || (actual.length > 0 && actual[0] < 1)) {
            throw new ApiException(400, ErrorReason.BAD_SHAPE, INPUT, "input shape " + Arrays.toString(actual)
                    + " does not match the model's expected shape " + spec.describeShape());
        }
    }
}
