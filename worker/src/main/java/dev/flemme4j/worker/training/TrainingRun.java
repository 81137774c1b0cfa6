package dev.flemme4j.worker.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.job.WorkerCommand;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.worker.DeviceSelection;
import dev.flemme4j.worker.WorkerMetrics;
import dev.flemme4j.worker.WorkerOptions;
import dev.flemme4j.worker.checkpoint.CheckpointResume;
import dev.flemme4j.worker.checkpoint.CheckpointWriter;
import dev.flemme4j.worker.checkpoint.LatentAutoencoder;
import dev.flemme4j.worker.checkpoint.ParameterNames;
import dev.flemme4j.worker.checkpoint.TrainingCheckpoint;
import dev.flemme4j.worker.data.DataTopicReader;
import dev.flemme4j.worker.data.SampleDecoder;
import dev.flemme4j.worker.data.TopicBatches;
import dev.flemme4j.worker.evaluation.BestScore;
import dev.flemme4j.worker.evaluation.ValidationPass;
import dev.flemme4j.worker.evaluation.ValidationScores;
import dev.flemme4j.worker.kafka.EventPublisher;
import dev.flemme4j.worker.kernels.ActiveKernels;
import dev.flemme4j.worker.kernels.CpuConvolutionCheck;
import dev.flemme4j.worker.replicas.ParameterAveraging;
import dev.flemme4j.worker.replicas.ParameterExchange;
import dev.flemme4j.worker.training.listeners.CheckpointListener;
import dev.flemme4j.worker.training.listeners.DivergenceCheck;
import dev.flemme4j.worker.training.listeners.ExportListener;
import dev.flemme4j.worker.training.listeners.LearningRateListener;
import dev.flemme4j.worker.training.listeners.MetricsListener;
import dev.flemme4j.worker.training.listeners.ProgressListener;
import dev.flemme4j.worker.training.listeners.ValidationListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one job on this worker: sets up the engine, model, optimizer and the job's data topics, then hands
 * the epochs to a {@link TrainingLoop} with the supervised objective and the listeners that validate,
 * checkpoint, report and export. Runs on the worker's training thread; everything it reports goes out as
 * {@link WorkerEvent}s.
 *
 * <p>As one replica of a data-parallel job ({@code job.replicas} > 1) it reads only its share of each epoch
 * ({@link DataTopicReader#share}), takes the same number of steps per epoch as every other replica (that of the
 * smallest share) and averages parameters with them ({@link ParameterAveraging}). Rank 0 alone reports, validates,
 * checkpoints and exports; the other ranks only train, and tell the coordinator nothing but a failure.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    private static final long PROGRESS_INTERVAL_MS = 1000;

    private final WorkerCommand command;
    private final WorkerOptions options;
    private final EventPublisher events;
    private final WorkerMetrics metrics;
    private final AtomicBoolean cancelled;

    public TrainingRun(WorkerCommand command, WorkerOptions options, EventPublisher events, WorkerMetrics metrics,
            AtomicBoolean cancelled) {
        this.command = command;
        this.options = options;
        this.events = events;
        this.metrics = metrics;
        this.cancelled = cancelled;
    }

    /** Runs to completion; returns the exported model, or null when cancelled. */
    public ExportListener.ExportedModel run() throws Exception {
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
            // latent diffusion reads data of the auto-encoder's shape; its network's own input is the latent
            long[] inputShape = modelSpec instanceof dev.flemme4j.modelzoo.diffusion.LatentDiffusionModelSpec l
                    ? l.autoencoder().inputShape(1) : model.inputShape(1).getShape();
            boolean stream = spec.loader().dataset().isStream();
            SupervisedDiffusionSteps supervised = SupervisedDiffusionSteps.of(modelSpec,
                    spec.loader().dataset().isSegmentation(), seed);
            // fails now, not after the first epoch, when a requested metric cannot work on these outputs
            DiffusionSteps diffusion = DiffusionSteps.of(modelSpec, seed);
            // a stream's records come from a user's producer, not our ingestion: their labels are checked too
            SampleDecoder decoder = supervised != null ? supervisedDecoder(model)
                    : new SampleDecoder(Arrays.copyOfRange(inputShape, 1, inputShape.length),
                            stream && diffusion == null ? ValidationPass.outputSampleShape(model) : null);
            if (supervised != null) {
                ValidationScores.forTask(supervised.task(), ValidationPass.outputSampleShape(model), spec);
            } else if (diffusion == null) {
                ValidationScores.forTask(model.task(), ValidationPass.outputSampleShape(model), spec);
            }
            MutableRateTracker rate = new MutableRateTracker((float) spec.optimizer().lr());
            TorchAdam optimizer = new TorchAdam(spec.optimizer(), rate);
            DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {device});
            int batchSize = spec.loader().batchSize();
            int replicas = command.replicaCount();
            int rank = command.rank();
            // every replica takes the steps of the smallest share, so all meet at the same averaging rounds
            long share = replicas == 1 ? command.trainRecords() : command.trainRecords() / replicas;
            long perEpoch = spec.loader().dropLast() ? share / batchSize : (share + batchSize - 1) / batchSize;
            if (replicas > 1 && perEpoch < 1) {
                throw new ConfigException("job.replicas", replicas + " replicas of " + command.trainRecords()
                        + " training records leave fewer than one batch of " + batchSize + " each");
            }
            // a stream is one endless pass: its "epoch" lasts until max_steps (required for streams) or a cancel
            int itersPerEpoch = stream ? (int) Math.min(Integer.MAX_VALUE, spec.maxSteps()) : (int) Math.max(1, perEpoch);
            long maxSteps = Math.min(spec.maxSteps(), (long) spec.maxEpoch() * itersPerEpoch);
            int maxEpoch = stream ? 1 : (int) Math.min(spec.maxEpoch(), (maxSteps + itersPerEpoch - 1) / itersPerEpoch);
            JobEvents job = new JobEvents(rank == 0 ? events::publish : e -> { }, command.jobId(), options.workerId(),
                    command.attempt(), rate::get);

            // parameters must be loaded before the trainer exists: it attaches the gradients to the arrays it finds
            LatentAutoencoder.prepare(model, options.artifactRoot(), command.jobId());
            TrainingCheckpoint resumeAt = restore(model, optimizer);
            try (Trainer trainer = model.djlModel().newTrainer(config);
                    DataTopicReader train = stream ? reader(command.trainTopic(), decoder, "train").follow()
                            : reader(command.trainTopic(), decoder, "train").share(rank, replicas);
                    ParameterExchange exchange = replicas == 1 ? null : new ParameterExchange(options.kafkaClients(),
                            "flemme-worker-" + options.workerId() + "-replicas", command.jobId(), command.attempt(),
                            rank, command.issuedAt())) {
                // replicas shuffle differently (seed + rank): the same order on all would correlate their batches
                TopicBatches batches = new TopicBatches(train, spec.loader().shuffle() ? options.shuffleBuffer() : 1,
                        new Random(seed + rank), batchSize, spec.loader().dropLast(),
                        metrics.batchQueueDepth(command.jobId()), reason -> onSkipped(job, reason));
                if (replicas > 1) {
                    batches.limitBatches(itersPerEpoch);
                }
                BestScore best = spec.scoreMetric() == null ? null
                        : new BestScore(spec.scoreMetric(), spec.scoreHigherIsBetter(), spec.minScoreDelta());
                ValidationPass validation = new ValidationPass(command.jobId(), () -> reader(command.valTopic(), decoder,
                        "val"), trainer, model, device, batchSize, spec, reason -> onSkipped(job, reason), cancelled::get,
                        diffusion).scoringEnsembles(supervised);
                ValidationListener validator = new ValidationListener(() -> hasValidationSet() ? validation.run()
                        : Map.of(), best, spec.saveAfterEpochs(), job, metrics);
                CheckpointListener checkpoints = new CheckpointListener(
                        new CheckpointWriter(artifacts.resolve(dev.flemme4j.protocol.job.ArtifactReference.CHECKPOINTS)).of(model, optimizer),
                        batches::consumedOffsets, validator, spec.saveAfterEpochs(), spec.job().checkpointEvery(), job,
                        metrics);
                ExportListener export = new ExportListener(model, spec, artifacts, command.modelName(), checkpoints,
                        best, job);
                List<TrainingListener> listeners = new ArrayList<>(List.of(
                        new LearningRateListener(new LearningRateSchedule(spec.optimizer(), spec.lrScheduler(),
                                spec.warmupEpochs(), spec.warmupStartScale()), rate),
                        new DivergenceCheck(command.jobId(), model::lastLossTerms),
                        new MetricsListener(metrics, job)));
                ParameterAveraging averaging = exchange == null ? null : new ParameterAveraging(model.block(), optimizer,
                        ParameterNames.of(model).idToName(), exchange, rank, replicas, spec.job().syncEvery(),
                        Duration.ofSeconds(spec.job().syncTimeoutSeconds()),
                        cancelled::get, metrics, command.jobId());
                if (averaging != null) {
                    listeners.add(averaging);
                }
                if (rank == 0) {
                    listeners.addAll(List.of(new ProgressListener(job, PROGRESS_INTERVAL_MS, System::currentTimeMillis),
                            validator, checkpoints, export));
                }
                TrainingLoop loop = new TrainingLoop(batches,
                        new OptimizerStep(trainer, supervised != null ? supervised
                                : diffusion != null ? diffusion : new SupervisedObjective(model), device,
                                spec.clipGrad()),
                        listeners, cancelled::get);
                TrainingState state = new TrainingState(maxEpoch, maxSteps, itersPerEpoch);
                if (resumeAt != null) {
                    if (resumeAt.midEpoch()) {
                        batches.resumeFrom(resumeAt.offsets(), resumeAt.stepInEpoch());
                    }
                    state.resumeAt(resumeAt.epoch(), resumeAt.step(), resumeAt.stepInEpoch());
                }
                boolean completed = loop.run(state);
                if (averaging != null) {
                    LOG.info("job {}: replica {} of {} trained {} steps, {} averaging rounds{}; {}", command.jobId(),
                            rank, replicas, state.step(), averaging.rounds(), completed ? "" : " (stopped)",
                            averaging.cost());
                }
                return completed && rank == 0 ? export.exported() : null;
            }
        }
    }

    /**
     * Loads the checkpoint an earlier attempt of this job left, when the command names one: parameters and Adam
     * state now, the returned position for the loop and the data.
     */
    private TrainingCheckpoint restore(FlemmeModel model, TorchAdam optimizer) throws java.io.IOException {
        if (command.resumeFrom() == null) {
            return null;
        }
        Path dir = Path.of(command.resumeFrom());
        TrainingCheckpoint at = CheckpointResume.usablePosition(dir, why -> {
            LOG.warn("job {} attempt {}: the checkpoint in {} is {}; training from the start", command.jobId(),
                    command.attempt(), dir, why);
            metrics.checkpointUnusable(why);
        });
        if (at == null) {
            return null;
        }
        CheckpointResume.restore(dir, model, optimizer, model.djlModel().getNDManager());
        LOG.info("job {} attempt {}: resumed from {} at epoch {} step {} ({} steps into the epoch, offsets {})",
                command.jobId(), command.attempt(), dir, at.epoch() + (at.midEpoch() ? 1 : 0), at.step(),
                at.stepInEpoch(), at.offsets());
        return at;
    }

    /** Supervised diffusion: the record's image is the condition c, its label the target the eps-model denoises. */
    private static SampleDecoder supervisedDecoder(FlemmeModel model) {
        long[] c = model.inputShape(ModelSpec.CONDITION, 1).getShape();
        long[] y = model.inputShape(1).getShape();
        return new SampleDecoder(Arrays.copyOfRange(c, 1, c.length), Arrays.copyOfRange(y, 1, y.length));
    }

    private boolean hasValidationSet() {
        return command.valTopic() != null && command.valRecords() != 0;
    }

    private DataTopicReader reader(String topic, SampleDecoder decoder, String role) {
        return new DataTopicReader(options.kafkaClients(), topic, decoder,
                "flemme-worker-" + options.workerId() + "-" + role)
                .onLag(metrics.consumerLag(command.jobId(), topic)::accept);
    }

    private void onSkipped(JobEvents job, String reason) {
        job.skipped(reason);
        metrics.recordSkipped(command.jobId());
    }
}
