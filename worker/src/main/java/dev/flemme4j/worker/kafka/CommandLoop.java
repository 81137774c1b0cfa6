package dev.flemme4j.worker.kafka;

import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.job.JobError;
import dev.flemme4j.protocol.job.WorkerCommand;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.worker.WorkerMetrics;
import dev.flemme4j.worker.WorkerOptions;
import dev.flemme4j.worker.training.TrainingDivergedException;
import dev.flemme4j.worker.training.TrainingRun;
import dev.flemme4j.worker.training.listeners.ExportListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the commands the coordinator addresses to this worker. Each worker reads the commands topic in a
 * consumer group of its own ({@code flemme-worker-<id>}) and keeps only records whose {@code worker} is its id,
 * so no rebalance between workers can hand one worker's job to another. Offsets are committed on receipt: the
 * coordinator, not the topic, owns "who trains what", and re-assigns the job of a worker that went silent. TRAIN
 * commands run one at a time on the training thread (later ones wait in order); a CANCEL stops the named attempt
 * whether it runs or waits.
 */
public final class CommandLoop implements Runnable {
    static final String GROUP_PREFIX = "flemme-worker-";
    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);

    private final WorkerOptions options;
    private final EventPublisher events;
    private final WorkerMetrics metrics;
    private final Consumer<String, byte[]> consumer;
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flemme-train");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicBoolean> cancelFlags = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean running = true;
    private volatile String currentJob;

    public CommandLoop(WorkerOptions options, EventPublisher events, WorkerMetrics metrics) {
        this(options, events, metrics, options.kafkaClients().groupConsumer(GROUP_PREFIX + options.workerId(),
                "flemme-worker-" + options.workerId(), 50));
    }

    /** With the caller's consumer (a {@code MockConsumer} in tests); the loop closes it when it ends. */
    public CommandLoop(WorkerOptions options, EventPublisher events, WorkerMetrics metrics,
            Consumer<String, byte[]> consumer) {
        this.options = options;
        this.events = events;
        this.metrics = metrics;
        this.consumer = consumer;
    }

    public String currentJob() {
        return currentJob;
    }

    /** Jobs this worker holds: the one training and those waiting for the training thread. */
    public int heldJobs() {
        return held.get();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.COMMANDS));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(250));
                for (ConsumerRecord<String, byte[]> rec : records) {
                    handle(rec);
                }
                if (!records.isEmpty()) {
                    commit();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            cancelFlags.values().forEach(f -> f.set(true));
            trainer.shutdownNow();
            try {
                trainer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** A commit that fails (a broker restart outlasting the API timeout) is retried with the next batch's. */
    private void commit() {
        try {
            consumer.commitSync();
        } catch (WakeupException e) {
            throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
            LOG.warn("could not commit the commands read ({}); they are committed with the next ones", e.toString());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> rec) {
        WorkerCommand read;
        try {
            read = rec.value() == null ? null : Json.read(rec.value(), WorkerCommand.class);
        } catch (IllegalArgumentException e) {
            read = null;
        }
        final WorkerCommand cmd = read;
        if (cmd == null || cmd.type() == null) {
            LOG.warn("skipping unreadable command at {}@{} ({} bytes)", rec.partition(), rec.offset(),
                    rec.value() == null ? 0 : rec.value().length);
            metrics.recordIgnoredCommand("undecodable");
            return;
        }
        if (!options.workerId().equals(cmd.worker())) {
            return; // another worker's command, or a job's unassigned queue entry
        }
        if (cmd.jobId() == null || cmd.attempt() < 1) {
            LOG.warn("skipping command at {}@{}: no job id or attempt ({} {}, attempt {})", rec.partition(), rec.offset(),
                    cmd.type(), cmd.jobId(), cmd.attempt());
            metrics.recordIgnoredCommand("incomplete");
            return;
        }
        String key = key(cmd.jobId(), cmd.attempt());
        if (cmd.type() == WorkerCommand.Type.CANCEL) {
            LOG.info("job {} attempt {}: cancel received", cmd.jobId(), cmd.attempt());
            cancelFlags.computeIfAbsent(key, k -> new AtomicBoolean()).set(true);
            return;
        }
        AtomicBoolean cancelled = cancelFlags.computeIfAbsent(key, k -> new AtomicBoolean());
        held.incrementAndGet();
        trainer.submit(() -> {
            try {
                if (!cancelled.get()) {
                    execute(cmd, cancelled);
                } else {
                    LOG.info("job {} attempt {} was cancelled before it started", cmd.jobId(), cmd.attempt());
                }
            } finally {
                cancelFlags.remove(key);
                held.decrementAndGet();
            }
        });
    }

    private static String key(String jobId, int attempt) {
        return jobId + "#" + attempt;
    }

    private void execute(WorkerCommand cmd, AtomicBoolean cancelled) {
        currentJob = cmd.jobId();
        try {
            ExportListener.ExportedModel model = new TrainingRun(cmd, options, events, metrics, cancelled).run();
            if (model == null) {
                LOG.info(cmd.rank() > 0 ? "job {}: replica {} done (rank 0 exports)" : "job {} stopped before completion",
                        cmd.jobId(), cmd.rank());
                return;
            }
            events.publish(WorkerEvent.of(WorkerEvent.Type.COMPLETED, cmd.jobId(), options.workerId())
                    .withAttempt(cmd.attempt()).withPath(model.dir().toAbsolutePath().toString()).withMessage(model.source().describe()));
            LOG.info("job {} completed; model {} to {}", cmd.jobId(), model.source().describe(), model.dir());
        } catch (ConfigException e) {
            fail(cmd, new JobError(e.path(), e.reason()), e);
        } catch (TrainingDivergedException e) {
            fail(cmd, new JobError("", e.getMessage()), e);
        } catch (Throwable e) {
            fail(cmd, new JobError("", e.getClass().getSimpleName() + ": " + e.getMessage()), e);
        } finally {
            events.flush();
            currentJob = null;
        }
    }

    private void fail(WorkerCommand cmd, JobError error, Throwable e) {
        LOG.error("job {} failed: {}", cmd.jobId(), error.message(), e);
        events.publish(WorkerEvent.of(WorkerEvent.Type.FAILED, cmd.jobId(), options.workerId())
                .withAttempt(cmd.attempt()).withMessage((error.path().isEmpty() ? "" : error.path() + ": ") + error.message()));
    }

    public void stop() {
        running = false;
        cancelFlags.values().forEach(f -> f.set(true));
        consumer.wakeup();
    }
}
