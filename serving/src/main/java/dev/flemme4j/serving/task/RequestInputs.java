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

    public RequestInputs(ImageCodec imageCodec, TensorRecordCodec tensorCodec) {
        this.imageCodec = imageCodec;
        this.tensorCodec = tensorCodec;
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
        NamedTensor input;
        try {
            input = tensorCodec.decode(body).require(INPUT);
        } catch (TensorRecordException e) {
            throw new ApiException(400, ErrorReason.BAD_TENSOR, "body", e.getMessage(), e);
        }
        if (input.dtype() != DType.FLOAT32) {
            throw new ApiException(400, ErrorReason.BAD_TENSOR, INPUT, "tensor 'input' is " + input.dtype() + ", the model expects FLOAT32");
        }
        checkShape(manifest.input(), input.shape());
        return new NamedTensor(manifest.input().name(), input.dtype(), input.shape(), input.data());
    }

    private static void checkShape(TensorSpec spec, long[] actual) {
        if (!spec.accepts(actual)) {
            throw new ApiException(400, ErrorReason.BAD_SHAPE, INPUT, "input shape " + Arrays.toString(actual)
                    + " does not match the model's expected shape " + spec.describeShape());
        }
    }
}
