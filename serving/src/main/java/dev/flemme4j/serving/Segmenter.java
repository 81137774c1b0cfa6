package dev.flemme4j.serving;

import ai.onnxruntime.OrtException;
import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.image.ImageDecodeException;
import dev.flemme4j.protocol.image.ImagePreprocessor;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.protocol.tensor.TensorRecordException;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Map;

/**
 * The segmentation work of one request, independent of HTTP: decode, preprocess, run, postprocess, encode.
 * Runs on the inference pool. Failures the caller can fix become 400 {@link ApiException}s naming the fault.
 */
final class Segmenter {

    static final String INPUT = "input";
    static final String LOGITS = "seg_logits";
    static final String MASK = "mask";
    static final String PROBABILITIES = "probabilities";

    /** Body, its media type and the number of samples it answered. */
    record Reply(String contentType, byte[] body, int batchSize) {
    }

    private final ImageCodec imageCodec;
    private final TensorRecordCodec tensorCodec;

    Segmenter(ImageCodec imageCodec, TensorRecordCodec tensorCodec) {
        this.imageCodec = imageCodec;
        this.tensorCodec = tensorCodec;
    }

    /** PNG/JPEG in, PNG mask out (0/255), at the model's image size or, with {@code originalSize}, the input's. */
    Reply segmentImage(OnnxModel model, byte[] body, boolean originalSize) throws OrtException {
        ModelManifest manifest = model.manifest();
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
        NamedTensor logits = runLogits(model, NamedTensor.ofFloats(manifest.input().name(), shape, prepared.data()));
        SegmentationPostprocessor post = new SegmentationPostprocessor(manifest.postprocessing());
        int classes = (int) logits.dim(1);
        if (manifest.postprocessing().kind() == Postprocessing.Kind.SIGMOID_THRESHOLD && classes != 1) {
            throw new ApiException(400, ErrorReason.WRONG_TASK, "Content-Type", "model " + manifest.name() + " outputs " + classes
                    + " sigmoid channels; a PNG holds one mask, ask for application/x-flemme-tensor instead");
        }
        int[] gray = post.grayLevels(post.mask(logits, MASK), classes);
        int h = (int) logits.dim(2), w = (int) logits.dim(3);
        BufferedImage maskImage = grayImage(gray, h, w);
        if (originalSize && (image.getHeight() != h || image.getWidth() != w)) {
            float[] levels = new float[gray.length];
            for (int i = 0; i < gray.length; i++) {
                levels[i] = gray[i] / 255f;
            }
            maskImage = new FloatImage(1, h, w, levels).resizeNearest(image.getHeight(), image.getWidth()).toBufferedImage();
        }
        return new Reply("image/png", ImageCodec.encodePng(maskImage), 1);
    }

    /** Tensor record with "input" (N, C, H, W) float32 in; "seg_logits", "mask" (and "probabilities") out. */
    Reply segmentTensor(OnnxModel model, byte[] body, boolean withProbabilities) throws OrtException {
        ModelManifest manifest = model.manifest();
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
        NamedTensor graphInput = new NamedTensor(manifest.input().name(), input.dtype(), input.shape(), input.data());
        NamedTensor logits = runLogits(model, graphInput);
        SegmentationPostprocessor post = new SegmentationPostprocessor(manifest.postprocessing());
        TensorRecord out = TensorRecord.of(
                new NamedTensor(LOGITS, DType.FLOAT32, logits.shape(), logits.data()),
                post.mask(logits, MASK));
        if (withProbabilities) {
            out = out.with(post.probabilities(logits, PROBABILITIES));
        }
        return new Reply(TensorRecordCodec.MEDIA_TYPE, tensorCodec.encode(out), (int) input.dim(0));
    }

    private static void checkShape(TensorSpec spec, long[] actual) {
        if (!spec.accepts(actual)) {
            throw new ApiException(400, ErrorReason.BAD_SHAPE, INPUT, "input shape " + Arrays.toString(actual)
                    + " does not match the model's expected shape " + spec.describeShape());
        }
    }

    private static NamedTensor runLogits(OnnxModel model, NamedTensor input) throws OrtException {
        TensorRecord outputs = model.run(Map.of(input.name(), input));
        NamedTensor logits = outputs.require(model.manifest().output().name());
        if (logits.dtype() != DType.FLOAT32 || logits.rank() != 4) {
            throw new IllegalStateException("model " + model.manifest().name() + " output " + logits + " is not (N, K, H, W) float32");
        }
        return logits;
    }

    private static BufferedImage grayImage(int[] levels, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        raster.setPixels(0, 0, w, h, levels);
        return img;
    }
}
