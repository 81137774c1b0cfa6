package dev.flemme4j.worker;

import dev.flemme4j.worker.kernels.ActiveKernels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleConsumer;

/**
 * The worker's Prometheus meters (names and meanings: docker/METRICS.md). Labels are bounded: {@code job_id}
 * (the training job; a worker runs one job at a time, and jobs are few), {@code worker}, the data {@code topic}
 * of the job and Flemme's validation {@code metric} names; never a record or request id. The training job id is
 * {@code job_id}, not {@code job}, so it never collides with the scrape job label Prometheus adds.
 */
public final class WorkerMetrics {
    static final String JOB = "job_id";

    private final MeterRegistry registry;
    private final String worker;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry, String worker) {
        this.registry = registry;
        this.worker = worker;
    }

    /**
     * The oneDNN kernels this process trains with on CPU: value 1, the configuration in {@code isa}
     * ({@code ONEDNN_MAX_CPU_ISA}, or {@code default} when unset) and who chose it in {@code source}
     * (probe, user, default, fallback). Registered once at start; the environment cannot change later. Not
     * {@code ..._info}: Micrometer's Prometheus naming drops that suffix from gauges.
     */
    void recordCpuKernels(ActiveKernels kernels) {
        Gauge.builder("flemme_cpu_kernels", () -> 1).description("oneDNN CPU kernel configuration of this worker")
                .tags("isa", kernels.isa(), "source", kernels.source().label()).register(registry);
    }

    public void recordStep(String job, double seconds, int batchSize, float loss, float lr) {
        Timer.builder("flemme_train_step").description("Time of one optimisation step (forward, backward, update)")
                .tags(JOB, job, "worker", worker).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry).record(Duration.ofNanos((long) (seconds * 1e9)));
        Counter.builder("flemme_train_samples").description("Training samples consumed")
                .tags(JOB, job, "worker", worker).register(registry).increment(batchSize);
        DistributionSummary.builder("flemme_train_batch_size").description("Samples per training step")
                .tags(JOB, job, "worker", worker).register(registry).record(batchSize);
        gauge("flemme_train_loss", "Training loss of the last step", job, true, null, loss);
        gauge("flemme_train_learning_rate", "Learning rate of the last step", job, true, null, lr);
    }

    /**
     * One parameter-averaging round of a replicated job: its wait for the other replicas and the bytes this
     * replica sent (what the averaging costs, next to {@code flemme_train_step}).
     */
    public void recordReplicaRound(String job, double seconds, long bytesSent) {
        Timer.builder("flemme_replica_round").description("Time of one parameter-averaging round, waiting included")
                .tags(JOB, job, "worker", worker).register(registry).record(Duration.ofNanos((long) (seconds * 1e9)));
        Counter.builder("flemme_replica_sent_bytes").description("Parameter bytes this replica sent for averaging")
                .tags(JOB, job, "worker", worker).register(registry).increment(bytesSent);
    }

    /** Where the job is: the epoch being trained (1-based) and the global step count. */
    public void recordPosition(String job, int epoch, long step) {
        gauge("flemme_train_epoch", "Current training epoch (1-based)", job, false, null, epoch);
        gauge("flemme_train_step", "Optimisation steps done so far", job, false, null, step);
    }

    public void recordValidation(String job, Map<String, Double> scores) {
        scores.forEach((metric, value) -> gauge("flemme_validation_metric", "Last validation score, by Flemme metric name",
                job, true, metric, value));
    }

    public void recordCheckpoint(String job, double seconds) {
        Timer.builder("flemme_checkpoint").description("Time to write a checkpoint").tags(JOB, job, "worker", worker)
                .register(registry).record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    public void recordSkipped(String job) {
        Counter.builder("flemme_data_records_skipped").description("Garbled data records skipped")
                .tags(JOB, job, "worker", worker).register(registry).increment();
    }

    /**
     * Setter of the job's batch queue depth: decoded samples held ahead of the optimiser (shuffle buffer plus
     * the batch being filled), in batches. Fetch once per epoch; the setter itself is a plain field write.
     */
    public DoubleConsumer batchQueueDepth(String job) {
        return holder("flemme_worker_batch_queue_depth",
                "Decoded samples buffered ahead of the optimiser (shuffle buffer + batch being filled), in batches",
                job, true, null)::set;
    }

    /** Setter of the records left in the current pass over {@code topic} (end offsets minus position). */
    public DoubleConsumer consumerLag(String job, String topic) {
        AtomicReference<Double> ref = gauges.computeIfAbsent("flemme_kafka_consumer_lag|" + job + "|topic=" + topic, k -> {
            AtomicReference<Double> r = new AtomicReference<>(0.0);
            Gauge.builder("flemme_kafka_consumer_lag", r, AtomicReference::get)
                    .description("Records of the current pass over the data topic not yet consumed (end offset minus position)")
                    .tags(JOB, job, "topic", topic).register(registry);
            return r;
        });
        return ref::set;
    }

    private void gauge(String name, String help, String job, boolean perWorker, String metric, double value) {
        holder(name, help, job, perWorker, metric).set(value);
    }

    private AtomicReference<Double> holder(String name, String help, String job, boolean perWorker, String metric) {
        return gauges.computeIfAbsent(name + "|" + job + "|" + metric, k -> {
            AtomicReference<Double> r = new AtomicReference<>(0.0);
            Gauge.Builder<AtomicReference<Double>> b = Gauge.builder(name, r, AtomicReference::get).description(help)
                    .tag(JOB, job);
            if (perWorker) {
                b.tag("worker", worker);
            }
            if (metric != null) {
                b.tag("metric", metric);
            }
            b.register(registry);
            return r;
        });
    }

    /** A command record read and ignored (undecodable). */
    /** A command named a checkpoint to resume from that is missing or unreadable (the attempt starts over). */
    public void checkpointUnusable(String reason) {
        io.micrometer.core.instrument.Counter.builder("flemme_worker_checkpoints_unusable")
                .description("Checkpoints named by a command but missing or unreadable, by reason")
                .tags("worker", worker, "reason", reason).register(registry).increment();
    }

    public void recordIgnoredCommand(String reason) {
        io.micrometer.core.instrument.Counter.builder("flemme_worker_commands_ignored")
                .description("Command records read and ignored, by reason").tags("worker", worker, "reason", reason)
                .register(registry).increment();
    }
}
