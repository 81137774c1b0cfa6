package dev.flemme4j.cli.local;

import dev.flemme4j.coordinator.dataset.DatasetPlan;
import dev.flemme4j.coordinator.dataset.SampleEncoder;
import dev.flemme4j.coordinator.dataset.SamplePair;
import dev.flemme4j.coordinator.job.ValidatedJob;
import dev.flemme4j.modelzoo.LossTarget;
import dev.flemme4j.modelzoo.ModelTask;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.spec.DatasetSpec;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.ort.OnnxModel;
import dev.flemme4j.worker.evaluation.ValidationScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores a served classification or reconstruction model on the job's validation split: {@code val_loader}
 * (for MNIST that is the 10,000-image test set) or the {@code val_split_ratio} part of the training data.
 *
 * <p>The samples and their preprocessing come from the coordinator's own {@link dev.flemme4j.coordinator.job.JobValidator}
 * plan and {@link SampleEncoder}, so they are exactly the records the worker validated on; the predictions come from
 * the exported ONNX model that serving loaded; the metrics are the worker's {@link ValidationScores}. Agreement with
 * the worker's last validation therefore also checks the export. Serving's HTTP API answers segmentation only, so
 * this runs the served session in-process rather than over HTTP.
 */
public final class ValidationSplitScoring {
    private static final int BATCH = 256;

    /**
     * @param metrics    metric name → mean over samples (the job's {@code evaluation_metrics} selection)
     * @param split      what was scored, for people ("val_loader (the MNIST test set)")
     * @param firstCases the first few samples with the model's answer, for the picture
     */
    public record Result(Map<String, Double> metrics, int samples, String split, double meanMillisPerSample,
            List<ScoredCase> firstCases) {

        /** "ACC: 0.9871" or "MSE: 0.0071, PSNR: 21.53 dB", in the order the job asked for them. */
        public String metricsText() {
            List<String> parts = new ArrayList<>();
            metrics.forEach((k, v) -> parts.add(k.equals("PSNR")
                    ? String.format(Locale.ROOT, "%s: %.2f dB", k, v)
                    : String.format(Locale.ROOT, "%s: %.4f", k, v)));
            return String.join(", ", parts);
        }
    }

    /** One sample as the model saw it, its expected answer and the model's output (flattened, unbatched). */
    public record ScoredCase(long[] imageShape, float[] image, float[] target, float[] output) {
    }

    private final ValidatedJob job;
    private final int keepCases;
    private final SampleEncoder encoder = new SampleEncoder();
    private final TensorRecordCodec records = TensorRecordCodec.standard();

    /** @param keepCases how many of the first samples to return with their outputs */
    public ValidationSplitScoring(ValidatedJob job, int keepCases) {
        this.job = job;
        this.keepCases = keepCases;
    }

    /** True when the job streamed a validation split that this can score (classification or reconstruction). */
    public boolean applies() {
        ModelTask task = job.model().task();
        return !job.dataset().val().isEmpty() && (task == ModelTask.CLASSIFY || task == ModelTask.RECONSTRUCT);
    }

    public Result run(OnnxModel model) throws Exception {
        if (!applies()) {
            throw new IllegalStateException("nothing to score: " + job.model().task() + " model, "
                    + job.dataset().val().size() + " validation samples");
        }
        ModelManifest manifest = model.manifest();
        String inputName = manifest.inputs().get(0).name();
        String outputName = manifest.outputs().get(0).name();
        ValidationScores scores = scoresFor(job, manifest);
        boolean targetIsInput = job.model().lossTarget() == LossTarget.INPUT;
        DatasetPlan.Transforms transforms = job.dataset().valTransforms();
        List<ScoredCase> cases = new ArrayList<>();
        List<SamplePair> pairs = job.dataset().val();
        long nanos = 0;
        for (int from = 0; from < pairs.size(); from += BATCH) {
            List<TensorRecord> batch = new ArrayList<>();
            for (SamplePair p : pairs.subList(from, Math.min(pairs.size(), from + BATCH))) {
                batch.add(records.decode(encoder.encode(p, transforms)));
            }
            NamedTensor first = batch.get(0).require(SampleEncoder.IMAGE);
            int per = (int) first.elementCount();
            float[] images = new float[per * batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                System.arraycopy(batch.get(i).require(SampleEncoder.IMAGE).toFloatArray(), 0, images, i * per, per);
            }
            long[] shape = new long[first.rank() + 1];
            shape[0] = batch.size();
            System.arraycopy(first.shape(), 0, shape, 1, first.rank());
            long t0 = System.nanoTime();
            float[] out = model.run(Map.of(inputName, NamedTensor.ofFloats(inputName, shape, images)))
                    .require(outputName).toFloatArray();
            nanos += System.nanoTime() - t0;
            int outPer = out.length / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                float[] image = Arrays.copyOfRange(images, i * per, (i + 1) * per);
                float[] target = targetIsInput ? image : batch.get(i).require(SampleEncoder.LABEL).toFloatArray();
                if (target.length != outPer) {
                    throw new IllegalStateException("the model's output has " + outPer + " values per sample but its target has "
                            + target.length + "; cannot score");
                }
                if (pointsLast(job, manifest)) {
                    int c = (int) manifest.outputs().get(0).shape().get(2).longValue();
                    scores.add(channelsFirst(out, i * outPer, outPer, c), 0, channelsFirst(target, 0, outPer, c), 0, outPer);
                } else {
                    scores.add(out, i * outPer, target, 0, outPer);
                }
                if (cases.size() < keepCases) {
                    cases.add(new ScoredCase(first.shape(), image, target,
                            Arrays.copyOfRange(out, i * outPer, (i + 1) * outPer)));
                }
            }
        }
        return new Result(scores.means(), pairs.size(), describeSplit(job), nanos / 1e6 / pairs.size(), cases);
    }

    /**
     * The worker's metric set for the model's task, restricted as the job's {@code evaluation_metrics} asks, for
     * samples of the served model's primary output shape.
     */
    static ValidationScores scoresFor(ValidatedJob job, ModelManifest manifest) {
        ModelTask task = job.model().task();
        if (task != ModelTask.CLASSIFY && task != ModelTask.RECONSTRUCT) {
            throw new IllegalArgumentException("not a classification or reconstruction model: " + task);
        }
        List<Long> shape = manifest.outputs().get(0).shape();
        long[] sample = shape.subList(1, shape.size()).stream().mapToLong(Long::longValue).toArray();
        if (pointsLast(job, manifest)) {
            sample = new long[] {sample[1], sample[0]};
        }
        return ValidationScores.forTask(task, sample, job.spec());
    }

    /**
     * Point-cloud models answer {@code (B, N, C)}; the scores (CD and EMD among them) read samples channels first,
     * as the worker's validation hands them over.
     */
    static boolean pointsLast(ValidatedJob job, ModelManifest manifest) {
        return job.model().encoder() != null && job.model().encoder().pointCloud()
                && manifest.outputs().get(0).shape().size() == 3;
    }

    private static float[] channelsFirst(float[] v, int offset, int length, int channels) {
        int n = length / channels;
        float[] out = new float[length];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < channels; c++) {
                out[c * n + p] = v[offset + p * channels + c];
            }
        }
        return out;
    }

    /** Which data the numbers are about, in the words of the job file. */
    static String describeSplit(ValidatedJob job) {
        if (job.spec().valLoader() == null) {
            return "the val_split_ratio part of the training data";
        }
        DatasetSpec ds = job.spec().valLoader().dataset();
        if (ds.name().equals(DatasetSpec.MNIST)) {
            return "val_loader (the MNIST " + ("train".equals(ds.mode()) ? "training" : "test") + " set)";
        }
        return "val_loader (" + String.join(", ", job.spec().valLoader().dataPaths()) + ")";
    }
}
