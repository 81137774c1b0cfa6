package dev.flemme4j.worker;

import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobError;
import dev.flemme4j.protocol.job.WorkerCommand;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.protocol.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims TRAIN commands from the commands topic. All workers share one consumer group, so Kafka hands each
 * command to exactly one of them. While a job trains, the partitions are paused but the consumer keeps polling
 * (staying in the group); the command's offset is committed only once the job reached a terminal state, so a
 * worker that dies mid-job leaves the command for another worker (at-least-once).
 */
final class CommandLoop implements Runnable {
    static final String GROUP = "flemme-workers";
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
    private volatile boolean running = true;
    private volatile String currentJob;

    CommandLoop(WorkerOptions options, EventPublisher events, WorkerMetrics metrics) {
        // one command per poll: a worker claims one job at a time
        this(options, events, metrics, options.kafkaClients().groupConsumer(GROUP, "flemme-worker-" + options.workerId(), 1));
    }

    /** With the caller's consumer (a {@code MockConsumer} in tests); the loop closes it when it ends. */
    CommandLoop(WorkerOptions options, EventPublisher events, WorkerMetrics metrics, Consumer<String, byte[]> consumer) {
        this.options = options;
        this.events = events;
        this.metrics = metrics;
        this.consumer = consumer;
    }

    String currentJob() {
        return currentJob;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.COMMANDS));
            Future<?> job = null;
            ConsumerRecord<String, byte[]> pending = null;
            while (running) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    WorkerCommand cmd;
                    try {
                        cmd = Json.read(rec.value(), WorkerCommand.class);
                    } catch (IllegalArgumentException e) {
                        LOG.warn("skipping unreadable command at {}@{}: {}", rec.partition(), rec.offset(), e.getMessage());
                        commit(rec);
                        continue;
                    }
                    if (cmd.type() == WorkerCommand.Type.CANCEL) {
                        AtomicBoolean flag = cancelFlags.get(cmd.jobId());
                        if (flag != null) {
                            flag.set(true);
                        }
                        commit(rec);
                        continue;
                    }
                    if (cmd.worker() != null && !cmd.worker().equals(options.workerId())) {
                        commit(rec);
                        continue;
                    }
                    // Claimed: stop fetching more commands until this one is done (one job per worker).
                    consumer.pause(consumer.assignment());
                    pending = rec;
                    job = trainer.submit(() -> execute(cmd));
                }
                if (job != null && job.isDone()) {
                    commit(pending);
                    consumer.resume(consumer.paused());
                    job = null;
                    pending = null;
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            cancelFlags.values().forEach(f -> f.set(true));
            trainer.shutdown();
            try {
                trainer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void execute(WorkerCommand cmd) {
        AtomicBoolean cancelled = new AtomicBoolean();
        cancelFlags.put(cmd.jobId(), cancelled);
        currentJob = cmd.jobId();
        try {
            TrainingRun.ExportedModel model = new TrainingRun(cmd, options, events, metrics, cancelled).run();
            if (model == null) {
                LOG.info("job {} stopped before completion", cmd.jobId());
                return;
            }
            events.publish(WorkerEvent.of(WorkerEvent.Type.COMPLETED, cmd.jobId(), options.workerId())
                    .withPath(model.dir().toAbsolutePath().toString()).withMessage(model.source().describe()));
            LOG.info("job {} completed; model {} to {}", cmd.jobId(), model.source().describe(), model.dir());
        } catch (ConfigException e) {
            fail(cmd, new JobError(e.path(), e.reason()), e);
        } catch (TrainingDivergedException e) {
            fail(cmd, new JobError("", e.getMessage()), e);
        } catch (Throwable e) {
            fail(cmd, new JobError("", e.getClass().getSimpleName() + ": " + e.getMessage()), e);
        } finally {
            events.flush();
            cancelFlags.remove(cmd.jobId());
            currentJob = null;
        }
    }

    private void fail(WorkerCommand cmd, JobError error, Throwable e) {
        LOG.error("job {} failed: {}", cmd.jobId(), error.message(), e);
        events.publish(WorkerEvent.of(WorkerEvent.Type.FAILED, cmd.jobId(), options.workerId())
                .withMessage((error.path().isEmpty() ? "" : error.path() + ": ") + error.message()));
    }

    private void commit(ConsumerRecord<String, byte[]> rec) {
        consumer.commitSync(Map.of(new TopicPartition(rec.topic(), rec.partition()), new OffsetAndMetadata(rec.offset() + 1)));
    }

    void stop() {
        running = false;
        cancelFlags.values().forEach(f -> f.set(true));
        consumer.wakeup();
    }
}
