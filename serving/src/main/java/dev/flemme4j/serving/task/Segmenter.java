package dev.flemme4j.serving.task;

import ai.onnxruntime.OrtException;
import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.ort.OnnxModel;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.concurrent.Callable;

/**
 * {@code POST /v1/models/{name}/segment}: a PNG/JPEG gives a PNG mask; a tensor record with "input" (N, C, H, W)
 * gives "seg_logits" and "mask" (and "probabilities" with {@code ?output=probabilities}). With
 * {@code ?size=original} the PNG mask is resized (nearest) to the uploaded image's size.
 */
public final class Segmenter implements TaskRunner {

    public static final String ENDPOINT = "segment";
    public static final String LOGITS = "seg_logits";
    public static final String MASK = "mask";
    public static final String PROBABILITIES = "probabilities";

    private final RequestInputs inputs;

    public Segmenter(RequestInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public Task task() {
        return Task.SEGMENT;
    }

    @Override
    public String endpoint() {
        return ENDPOINT;
    }

    @Override
    public Callable<InferenceReply> plan(InferenceRequest request) {
        if (request.image()) {
            boolean originalSize = request.choice("size", "model", "original").equals("original");
            return () -> segmentImage(request.model(), request.body(), originalSize);
        }
        boolean probabilities = request.choice("output", "mask", "probabilities").equals("probabilities");
        return () -> segmentTensor(request.model(), request.body(), probabilities);
    }

    /** PNG/JPEG in, PNG mask out (0/255), at the model's image size or, with {@code originalSize}, the input's. */
    public InferenceReply segmentImage(OnnxModel model, byte[] body, boolean originalSize) throws OrtException {
        ModelManifest manifest = model.manifest();
        RequestInputs.ImageInput input = inputs.fromImage(manifest, body);
        BufferedImage image = input.original();
        NamedTensor logits = runLogits(model, input.tensor());
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
        return new InferenceReply("image/png", ImageCodec.encodePng(maskImage), 1);
    }

    /** Tensor record with "input" (N, C, H, W) float32 in; "seg_logits", "mask" (and "probabilities") out. */
    public InferenceReply segmentTensor(OnnxModel model, byte[] body, boolean withProbabilities) throws OrtException {
        ModelManifest manifest = model.manifest();
        NamedTensor input = inputs.fromTensorRecord(manifest, body);
        NamedTensor logits = runLogits(model, input);
        SegmentationPostprocessor post = new SegmentationPostprocessor(manifest.postprocessing());
        TensorRecord out = TensorRecord.of(
                new NamedTensor(LOGITS, DType.FLOAT32, logits.shape(), logits.data()),
                post.mask(logits, MASK));
        if (withProbabilities) {
            out = out.with(post.probabilities(logits, PROBABILITIES));
        }
        return new InferenceReply(TensorRecordCodec.MEDIA_TYPE, inputs.tensorCodec().encode(out), (int) input.dim(0));
    }

    private static NamedTensor runLogits(OnnxModel model, NamedTensor input) throws OrtException {
        NamedTensor logits = model.runPrimary(input);
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
