package dev.flemme4j.serving.task;

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
import dev.flemme4j.serving.api.InferenceMetrics;
import dev.flemme4j.serving.ort.OnnxModel;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * {@code POST /v1/models/{name}/segment}: a PNG/JPEG gives a PNG mask; a tensor record with "input" (N, C, H, W)
 * gives "seg_logits" and "mask" (and "probabilities" with {@code ?output=probabilities}). With
 * {@code ?size=original} the PNG mask is resized (nearest) to the uploaded image's size.
 */
public final class Segmenter extends ModelTaskRunner {

    public static final String ENDPOINT = "segment";
    public static final String LOGITS = "seg_logits";
    public static final String MASK = "mask";
    public static final String PROBABILITIES = "probabilities";
    public static final double DEFAULT_OVERLAP = 0.25;

    public Segmenter(RequestInputs inputs) {
        super(Task.SEGMENT, ENDPOINT, inputs);
    }

    @Override
    public InferenceJob plan(InferenceRequest request) {
        OnnxModel model = request.model();
        ModelManifest manifest = model.manifest();
        if (request.image()) {
            boolean originalSize = request.choice("size", "model", "original").equals("original");
            return calls -> calls.onCpu(() -> calls.timed(InferenceMetrics.DECODE, () -> inputs.fromImage(manifest, request.body())))
                    .thenCompose(in -> calls.run(in.tensor()).thenApplyAsync(logits -> calls.timed(InferenceMetrics.ENCODE,
                            () -> segmentImage(manifest, in.original(), logits, originalSize)), calls.cpu()));
        }
        boolean probabilities = request.choice("output", "mask", "probabilities").equals("probabilities");
        SlidingWindow windows = slidingWindow(manifest, request);
        return calls -> calls.onCpu(() -> calls.timed(InferenceMetrics.DECODE, () -> inputs.fromTensorRecord(manifest, request.body(), true)))
                .thenCompose(input -> windows != null && !fits(manifest, input) ? windows.run(input, calls::run, calls.cpu()) : calls.run(input))
                .thenApplyAsync(logits -> calls.timed(InferenceMetrics.ENCODE, () -> segmentTensor(manifest, logits, probabilities)), calls.cpu());
    }

    private static boolean fits(ModelManifest manifest, NamedTensor input) {
        return manifest.input().accepts(input.shape());
    }

    /** Sliding-window settings from {@code ?overlap=} (default 0.25) and {@code ?blend=} (gaussian or uniform); null when the model has no fixed spatial size. */
    private static SlidingWindow slidingWindow(ModelManifest manifest, InferenceRequest request) {
        java.util.List<Long> spec = manifest.input().shape();
        int[] window = new int[spec.size() - 2];
        for (int a = 0; a < window.length; a++) {
            long w = spec.get(a + 2);
            if (w <= 0) {
                return null;
            }
            window[a] = (int) w;
        }
        double overlap;
        String text = request.query().get("overlap");
        try {
            overlap = text == null ? DEFAULT_OVERLAP : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            overlap = Double.NaN;
        }
        if (!(overlap >= 0 && overlap < 1)) {
            throw new ApiException(400, ErrorReason.BAD_VALUE, "overlap", "Invalid value '" + text + "' for query parameter overlap: expected a number in [0, 1)");
        }
        String blend = request.choice("blend", "gaussian", "uniform");
        return new SlidingWindow(window, overlap, SlidingWindow.Blend.parse(blend));
    }

    /** PNG/JPEG in, PNG mask out (0/255), at the model's image size or, with {@code originalSize}, the input's. */
    private InferenceReply segmentImage(ModelManifest manifest, BufferedImage image, NamedTensor logits, boolean originalSize) {
        checkLogits(manifest, logits);
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

    /** "seg_logits", "mask" (and "probabilities") of (N, K, *S) logits. */
    private InferenceReply segmentTensor(ModelManifest manifest, NamedTensor logits, boolean withProbabilities) {
        if (logits.dtype() != DType.FLOAT32 || logits.rank() < 4) {
            throw new IllegalStateException("model " + manifest.name() + " output " + logits + " is not (N, K, *S) float32");
        }
        SegmentationPostprocessor post = new SegmentationPostprocessor(manifest.postprocessing());
        TensorRecord out = TensorRecord.of(
                new NamedTensor(LOGITS, DType.FLOAT32, logits.shape(), logits.data()),
                post.mask(logits, MASK));
        if (withProbabilities) {
            out = out.with(post.probabilities(logits, PROBABILITIES));
        }
        return new InferenceReply(TensorRecordCodec.MEDIA_TYPE, inputs.tensorCodec().encode(out), (int) logits.dim(0));
    }

    private static void checkLogits(ModelManifest manifest, NamedTensor logits) {
        if (logits.dtype() != DType.FLOAT32 || logits.rank() != 4) {
            throw new IllegalStateException("model " + manifest.name() + " output " + logits + " is not (N, K, H, W) float32");
        }
    }

    private static BufferedImage grayImage(int[] levels, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        raster.setPixels(0, 0, w, h, levels);
        return img;
    }
}
