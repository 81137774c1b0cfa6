package dev.flemme4j.worker;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.WorkerCommand;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.worker.kernels.ActiveKernels;
import dev.flemme4j.worker.kernels.CpuConvolutionCheck;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one job on this worker: streams epochs from the job's data topic through a shuffle buffer into
 * batches, steps a DJL trainer, validates every {@code save_after_epochs}, checkpoints, and finally exports the
 * model to ONNX. Runs on the worker's training thread; everything it reports goes out as {@link WorkerEvent}s.
 */
final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    private static final long PROGRESS_INTERVAL_MS = 1000;

    private final WorkerCommand command;
    private final WorkerOptions options;
    private final EventPublisher events;
    private final WorkerMetrics metrics;
    private final AtomicBoolean cancelled;
    private final AtomicLong skipped = new AtomicLong();
    private long lastProgressAt;

    TrainingRun(WorkerCommand command, WorkerOptions options, EventPublisher events, WorkerMetrics metrics,
            AtomicBoolean cancelled) {
        this.command = command;
        this.options = options;
        this.events = events;
        this.metrics = metrics;
        this.cancelled = cancelled;
    }

    /** The exported model directory and which weights went into it. */
    record ExportedModel(Path dir, ExportSource source) {
    }

    /** Runs to completion; returns the exported model, or null when cancelled. */
    ExportedModel run() throws Exception {
        // PyTorch's grad mode is per thread and a new thread starts with it ON; DJL switches it off only on the
        // thread that loads the engine and restores the previous mode when a GradientCollector closes. The
        // optimizer updates weights in place, which torch refuses on leaves while grad mode is on, so this thread
        // must start with it off whether or not it was the one that loaded the engine. (Loading the engine first
        // also loads the native library the call needs.)
        Engine.getEngine(ModelFactory.ENGINE);
        JniUtils.setGradMode(false);
        TrainJobSpec spec = TrainJobSpec.parse(command.jobYaml());
        ModelSpec modelSpec = ModelSpecs.parse(spec.modelNode());
        Device device = DeviceSelection.resolve(options.device(), spec.device());
        if (!device.isGpu()) {
            LOG.info("job {}: CPU kernels {}", command.jobId(), ActiveKernels.ofThisProcess().describe());
            CpuConvolutionCheck.requireCorrect();
        }
        long seed = spec.randSeed() == null ? 0 : spec.randSeed();
        Engine.getInstance().setRandomSeed((int) seed);
        Path artifacts = Path.of(command.artifactDir());
        Files.createDirectories(artifacts);
        LOG.info("job {}: training {} on {} ({} training records, batch {})", command.jobId(), modelSpec.name(), device,
                command.trainRecords(), spec.loader().batchSize());

        try (FlemmeModel model = ModelFactory.create(modelSpec, device)) {
            long[] inputShape = model.inputShape(1).getShape();
            long[] sampleShape = java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length);
            SampleDecoder decoder = new SampleDecoder(sampleShape, null);
            // fails now, not after the first epoch, when a requested metric cannot work on these outputs
            ValidationScores.forTask(model.task(), outputSampleShape(model), spec);
            BestScore best = spec.scoreMetric() == null ? null
                    : new BestScore(spec.scoreMetric(), spec.scoreHigherIsBetter(), spec.minScoreDelta());
            TrainingCheckpoint lastCheckpoint = null;
            MutableRateTracker rate = new MutableRateTracker((float) spec.optimizer().lr());
            TorchAdam optimizer = new TorchAdam(spec.optimizer(), rate);
            LearningRateSchedule schedule = new LearningRateSchedule(spec.optimizer(), spec.lrScheduler(),
                    spec.warmupEpochs(), spec.warmupStartScale());
            DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {device});
            CheckpointWriter checkpoints = new CheckpointWriter(artifacts.resolve("checkpoints"));
            int batchSize = spec.loader().batchSize();
            long perEpoch = spec.loader().dropLast() ? command.trainRecords() / batchSize
                    : (command.trainRecords() + batchSize - 1) / batchSize;
            int itersPerEpoch = (int) Math.max(1, perEpoch);
            long maxSteps = Math.min(spec.maxSteps(), (long) spec.maxEpoch() * itersPerEpoch);
            int maxEpoch = (int) Math.min(spec.maxEpoch(), (maxSteps + itersPerEpoch - 1) / itersPerEpoch);
            Random shuffleRandom = new Random(seed);

            events.publish(WorkerEvent.of(WorkerEvent.Type.STARTED, command.jobId(), options.workerId())
                    .withProgress(new JobProgress(0, maxEpoch, 0, maxSteps, Double.NaN, 0, rate.get())));
            long step = 0;
            double lastLoss = Double.NaN;
            try (Trainer trainer = model.djlModel().newTrainer(config);
                    DataTopicReader train = new DataTopicReader(options.kafkaClients(), command.trainTopic(), decoder,
                            "flemme-worker-" + options.workerId() + "-train")
                            .onLag(metrics.consumerLag(command.jobId(), command.trainTopic())::accept)) {
                java.util.function.DoubleConsumer queueDepth = metrics.batchQueueDepth(command.jobId());
                for (int epoch = 0; epoch < maxEpoch && step < maxSteps && !cancelled.get(); epoch++) {
                    EpochStats stats = new EpochStats();
                    final int ep = epoch;
                    final long stepsLeft = maxSteps - step;
                    BatchAssembler batches = new BatchAssembler(batchSize, spec.loader().dropLast(), batch -> {
                        if (stats.steps >= stepsLeft || cancelled.get()) {
                            return;
                        }
                        rate.set(schedule.rate(ep, (int) stats.steps, itersPerEpoch));
                        long t0 = System.nanoTime();
                        float loss = trainStep(trainer, model, batch, device, spec.clipGrad());
                        if (!Float.isFinite(loss)) {
                            // A diverged run only burns time and would export garbage: stop it and say where.
                            LOG.warn("job {}: non-finite loss {} at epoch {} step {} (batch {}, input finite: {}, label finite: {},"
                                    + " loss terms {})", command.jobId(), loss, ep + 1, stats.steps + 1, keys(batch),
                                    allFinite(batch, true), allFinite(batch, false), model.lastLossTerms());
                            throw new TrainingDivergedException("training diverged: the loss became " + loss + " at epoch "
                                    + (ep + 1) + ", step " + (stats.steps + 1) + " (loss terms " + model.lastLossTerms()
                                    + "); try a lower optimizer.lr or clip_grad");
                        }
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        metrics.recordStep(command.jobId(), seconds, batch.size(), loss, rate.get());
                        stats.add(loss, batch.size(), seconds);
                        metrics.recordPosition(command.jobId(), ep + 1, stats.steps + stepsBefore(stepsLeft, maxSteps));
                        maybeReportProgress(ep + 1, maxEpoch, stats.steps + stepsBefore(stepsLeft, maxSteps), maxSteps,
                                loss, stats.samplesPerSecond(), rate.get());
                    });
                    ShuffleBuffer<Sample> shuffle = new ShuffleBuffer<>(
                            spec.loader().shuffle() ? options.shuffleBuffer() : 1, shuffleRandom);
                    train.readPass(s -> {
                        Sample out = shuffle.offer(s);
                        if (out != null) {
                            batches.add(out);
                        }
                        queueDepth.accept((shuffle.size() + batches.pending()) / (double) batchSize);
                    }, this::onSkipped, cancelled::get);
                    for (Sample s = shuffle.drain(); s != null; s = shuffle.drain()) {
                        batches.add(s);
                        queueDepth.accept((shuffle.size() + batches.pending()) / (double) batchSize);
                    }
                    batches.finish();
                    queueDepth.accept(0);
                    step += stats.steps;
                    lastLoss = stats.meanLoss();
                    LOG.info("job {}: epoch {}/{} done, step {}/{}, mean loss {}, {} samples/s", command.jobId(), epoch + 1,
                            maxEpoch, step, maxSteps, String.format("%.4f", lastLoss),
                            String.format("%.1f", stats.samplesPerSecond()));
                    JobProgress progress = new JobProgress(epoch + 1, maxEpoch, step, maxSteps, lastLoss,
                            stats.samplesPerSecond(), rate.get());
                    events.publish(WorkerEvent.of(WorkerEvent.Type.PROGRESS, command.jobId(), options.workerId())
                            .withProgress(progress).withSkipped(skipped.get()));
                    boolean last = epoch + 1 == maxEpoch || step >= maxSteps;
                    if (((epoch + 1) % spec.saveAfterEpochs() == 0 || last) && !cancelled.get()) {
                        Map<String, Double> scores = validate(trainer, model, decoder, device, batchSize, spec);
                        if (!scores.isEmpty()) {
                            metrics.recordValidation(command.jobId(), scores);
                            events.publish(WorkerEvent.of(WorkerEvent.Type.VALIDATION, command.jobId(), options.workerId())
                                    .withProgress(progress).withMetrics(scores));
                        }
                        boolean isBest = best != null && best.offer(epoch + 1, scores);
                        long t0 = System.nanoTime();
                        lastCheckpoint = new TrainingCheckpoint(command.jobId(), epoch + 1, step, lastLoss, scores,
                                train.consumedOffsets(), best == null ? null : best.bestValue());
                        Path ckp = checkpoints.write(model, optimizer, lastCheckpoint);
                        if (isBest) {
                            checkpoints.copyLastToBest();
                        }
                        metrics.recordCheckpoint(command.jobId(), (System.nanoTime() - t0) / 1e9);
                        events.publish(WorkerEvent.of(WorkerEvent.Type.CHECKPOINT, command.jobId(), options.workerId())
                                .withProgress(progress).withPath(ckp.toString())
                                .withMessage(isBest ? "best " + best.metric() + " so far: " + best.bestValue() : null));
                    }
                }
            }
            if (cancelled.get()) {
                return null;
            }
            events.publish(WorkerEvent.of(WorkerEvent.Type.EXPORTING, command.jobId(), options.workerId()));
            java.util.Objects.requireNonNull(lastCheckpoint, "training ended without a checkpoint");
            ExportSource source = ExportSource.choose(best, lastCheckpoint);
            if (best != null && best.bestEpoch() < 0) {
                LOG.warn("job {}: no validation reported score_metric {}; exporting the final weights", command.jobId(),
                        best.metric());
            }
            if (source.needsRestore(lastCheckpoint)) {
                CheckpointWeights.restore(model, artifacts.resolve("checkpoints").resolve(source.checkpoint()));
            }
            LOG.info("job {}: {}", command.jobId(), source.describe());
            Path dir = new ModelExport(model, spec).write(artifacts.resolve("model"), command.modelName(),
                    command.jobId(), source);
            return new ExportedModel(dir, source);
        }
    }

    private long stepsBefore(long stepsLeft, long maxSteps) {
        return maxSteps - stepsLeft;
    }

    private void onSkipped(String reason) {
        long n = skipped.incrementAndGet();
        metrics.recordSkipped(command.jobId());
        events.publish(WorkerEvent.of(WorkerEvent.Type.RECORD_SKIPPED, command.jobId(), options.workerId())
                .withSkipped(n).withMessage(reason));
    }

    private void maybeReportProgress(int epoch, int maxEpoch, long step, long maxSteps, double loss, double sps,
            double lr) {
        long now = System.currentTimeMillis();
        if (now - lastProgressAt < PROGRESS_INTERVAL_MS) {
            return;
        }
        lastProgressAt = now;
        events.publish(WorkerEvent.of(WorkerEvent.Type.PROGRESS, command.jobId(), options.workerId())
                .withProgress(new JobProgress(epoch, maxEpoch, step, maxSteps, loss, sps, lr))
                .withSkipped(skipped.get()));
    }

    /** One optimisation step; all arrays of the step live in a sub-manager closed at the end. */
    private static float trainStep(Trainer trainer, FlemmeModel model, List<Sample> batch, Device device,
            double clipGrad) {
        try (NDManager scope = trainer.getManager().newSubManager(device)) {
            NDArray x = stack(scope, batch, true);
            NDArray y = stack(scope, batch, false);
            Gradients.zero(trainer);
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(x));
                // The model says what its loss compares against (the label, or the input for unsupervised AEs).
                NDArray l = trainer.getLoss().evaluate(model.lossLabels(x, y), pred);
                gc.backward(l);
                loss = l.getFloat();
            }
            if (clipGrad > 0) {
                Gradients.clipGlobalNorm(trainer, clipGrad);
            }
            trainer.step();
            return loss;
        }
    }

    static NDArray stack(NDManager scope, List<Sample> batch, boolean image) {
        long[] one = image ? batch.get(0).imageShape() : batch.get(0).labelShape();
        int per = 1;
        for (long d : one) {
            per *= (int) d;
        }
        float[] flat = new float[per * batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            float[] src = image ? batch.get(i).image() : batch.get(i).label();
            System.arraycopy(src, 0, flat, i * per, per);
        }
        long[] shape = new long[one.length + 1];
        shape[0] = batch.size();
        System.arraycopy(one, 0, shape, 1, one.length);
        return scope.create(FloatBuffer.wrap(flat), new Shape(shape));
    }

    /** Loss and hard metrics on the validation topic (inference mode: BatchNorm uses running statistics). */
    private Map<String, Double> validate(Trainer trainer, FlemmeModel model, SampleDecoder decoder, Device device,
            int batchSize, TrainJobSpec spec) {
        if (command.valTopic() == null || command.valRecords() == 0) {
            return Map.of();
        }
        ValidationScores scores = ValidationScores.forTask(model.task(), outputSampleShape(model), spec);
        boolean[] mismatch = {false};
        double[] lossSum = {0};
        long[] lossBatches = {0};
        try (DataTopicReader val = new DataTopicReader(options.kafkaClients(), command.valTopic(), decoder,
                "flemme-worker-" + options.workerId() + "-val")
                .onLag(metrics.consumerLag(command.jobId(), command.valTopic())::accept)) {
            BatchAssembler batches = new BatchAssembler(batchSize, false, batch -> {
                try (NDManager scope = trainer.getManager().newSubManager(device)) {
                    NDArray x = stack(scope, batch, true);
                    NDArray y = stack(scope, batch, false);
                    NDList pred = trainer.evaluate(new NDList(x));
                    lossSum[0] += trainer.getLoss().evaluate(model.lossLabels(x, y), pred).getFloat();
                    lossBatches[0]++;
                    // the primary output against what the loss compares it with (label, or input for an AE)
                    float[] out = pred.get(0).toFloatArray();
                    float[] target = model.lossLabels(x, y).get(0).toFloatArray();
                    int per = out.length / batch.size();
                    if (target.length != out.length) {
                        if (!mismatch[0]) {
                            LOG.warn("job {}: output {} and target {} differ in size; validation reports val_loss only",
                                    command.jobId(), pred.get(0).getShape(), model.lossLabels(x, y).get(0).getShape());
                        }
                        mismatch[0] = true;
                        return;
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        scores.add(out, i * per, target, i * per, per);
                    }
                }
            });
            val.readPass(batches::add, this::onSkipped, cancelled::get);
            batches.finish();
        }
        Map<String, Double> out = new java.util.LinkedHashMap<>(scores.means());
        if (lossBatches[0] > 0) {
            out.put("val_loss", lossSum[0] / lossBatches[0]);
        }
        return out;
    }

    /** One sample of the model's primary output, without the batch axis. */
    private static long[] outputSampleShape(FlemmeModel model) {
        long[] s = model.outputShape(1).getShape();
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }

    private static List<String> keys(List<Sample> batch) {
        return batch.stream().map(Sample::key).toList();
    }

    private static boolean allFinite(List<Sample> batch, boolean image) {
        for (Sample s : batch) {
            for (float v : image ? s.image() : s.label()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Running statistics of one epoch. */
    private static final class EpochStats {
        final long startNanos = System.nanoTime();
        long steps;
        long samples;
        double lossSum;

        void add(float loss, int n, double stepSeconds) {
            steps++;
            samples += n;
            lossSum += loss;
        }

        double meanLoss() {
            return steps == 0 ? Double.NaN : lossSum / steps;
        }

        /** Wall-clock throughput including reading and decoding records, not just the compute. */
        double samplesPerSecond() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            return seconds == 0 ? 0 : samples / seconds;
        }
    }

}
