package dev.flemme4j.worker.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.worker.data.BatchAssembler;
import dev.flemme4j.worker.data.DataTopicReader;
import dev.flemme4j.worker.training.BatchTensors;
import dev.flemme4j.worker.training.DiffusionSteps;
import dev.flemme4j.worker.training.SupervisedDiffusionSteps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loss and hard metrics over the validation topic, in inference mode (BatchNorm uses running statistics): the
 * model's primary output against what its loss compares it with (the label, or the input for an AE).
 */
public final class ValidationPass {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationPass.class);

    private final String jobId;
    private final Supplier<DataTopicReader> openReader;
    private final Trainer trainer;
    private final FlemmeModel model;
    private final Device device;
    private final int batchSize;
    private final TrainJobSpec spec;
    private final Consumer<String> onSkipped;
    private final BooleanSupplier cancelled;
    /** A diffusion job's validation loss (no hard metrics); null for every other architecture. */
    private final DiffusionSteps diffusion;
    /** A supervised diffusion job's loss and ensemble-mean scores; null for every other architecture. */
    private SupervisedDiffusionSteps supervised;

    public ValidationPass(String jobId, Supplier<DataTopicReader> openReader, Trainer trainer, FlemmeModel model,
            Device device, int batchSize, TrainJobSpec spec, Consumer<String> onSkipped, BooleanSupplier cancelled,
            DiffusionSteps diffusion) {
        this.jobId = jobId;
        this.openReader = openReader;
        this.trainer = trainer;
        this.model = model;
        this.device = device;
        this.batchSize = batchSize;
        this.spec = spec;
        this.onSkipped = onSkipped;
        this.cancelled = cancelled;
        this.diffusion = diffusion;
    }

    /**
     * Validates a supervised diffusion job: its loss, and the scores of the ensemble mean against the label
     * (segmentation or reconstruction, as {@link SupervisedDiffusionSteps#task()}). Call before {@link #run}.
     */
    public ValidationPass scoringEnsembles(SupervisedDiffusionSteps steps) {
        this.supervised = steps;
        return this;
    }

    /** One sample of the model's primary output, without the batch axis. */
    public static long[] outputSampleShape(FlemmeModel model) {
        long[] s = model.outputShape(1).getShape();
        if (channelsLast(model, s.length)) {
            return new long[] {s[2], s[1]};
        }
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }

    /**
     * Point-cloud models answer {@code (B, N, C)}, channels last; the scores take channels first, so per-point outputs
     * and their labels are scored as {@code (C, N)}.
     */
    static boolean channelsLast(FlemmeModel model, int rank) {
        return rank == 3 && model.spec().encoder() != null && model.spec().encoder().pointCloud();
    }

    public Map<String, Double> run() {
        ValidationScores scores = supervised != null
                ? ValidationScores.forTask(supervised.task(), outputSampleShape(model), spec)
                : diffusion != null ? null : ValidationScores.forTask(model.task(), outputSampleShape(model), spec);
        boolean[] mismatch = {false};
        double[] lossSum = {0};
        long[] lossBatches = {0};
        try (DataTopicReader val = openReader.get()) {
            BatchAssembler batches = new BatchAssembler(batchSize, false, batch -> {
                if (supervised != null) {
                    lossSum[0] += supervised.validationLoss(trainer, batch, device);
                    float[] want = BatchTensors.flatLabels(batch);
                    add(scores, supervised.ensemblePrediction(model, batch, (int) lossBatches[0]), want, batch.size());
                    lossBatches[0]++;
                    return;
                }
                if (diffusion != null) {
                    lossSum[0] += diffusion.validationLoss(trainer, batch, device);
                    lossBatches[0]++;
                    return;
                }
                try (NDManager scope = trainer.getManager().newSubManager(device)) {
                    NDArray x = BatchTensors.stack(scope, batch, true);
                    NDArray y = BatchTensors.stack(scope, batch, false);
                    NDList pred = trainer.evaluate(new NDList(x));
                    NDList target = model.lossLabels(x, y);
                    lossSum[0] += trainer.getLoss().evaluate(target, pred).getFloat();
                    lossBatches[0]++;
                    boolean last = channelsLast(model, pred.get(0).getShape().dimension())
                            && target.get(0).getShape().dimension() == 3;
                    float[] out = (last ? pred.get(0).transpose(0, 2, 1) : pred.get(0)).toFloatArray();
                    float[] want = (last ? target.get(0).transpose(0, 2, 1) : target.get(0)).toFloatArray();
                    if (want.length != out.length) {
                        if (!mismatch[0]) {
                            LOG.warn("job {}: output {} and target {} differ in size; validation reports val_loss only",
                                    jobId, pred.get(0).getShape(), target.get(0).getShape());
                        }
                        mismatch[0] = true;
                        return;
                    }
                    add(scores, out, want, batch.size());
                }
            });
            val.readPass(batches::add, onSkipped, cancelled);
            batches.finish();
        }
        Map<String, Double> out = new LinkedHashMap<>(scores == null ? Map.of() : scores.means());
        if (lossBatches[0] > 0) {
            out.put("val_loss", lossSum[0] / lossBatches[0]);
        }
        return out;
    }

    private static void add(ValidationScores scores, float[] out, float[] target, int n) {
        int per = out.length / n;
        for (int i = 0; i < n; i++) {
            scores.add(out, i * per, target, i * per, per);
        }
    }
}
