package dev.flemme4j.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.dataset.DatasetCatalog;
import dev.flemme4j.coordinator.dataset.DatasetIngestor;
import dev.flemme4j.coordinator.dataset.SampleEncoder;
import dev.flemme4j.coordinator.dataset.TestDatasets;
import dev.flemme4j.coordinator.http.CoordinatorMetrics;
import dev.flemme4j.coordinator.job.JobIds;
import dev.flemme4j.coordinator.job.JobIntake;
import dev.flemme4j.coordinator.job.JobScheduler;
import dev.flemme4j.coordinator.job.JobStateStore;
import dev.flemme4j.coordinator.job.JobValidator;
import dev.flemme4j.coordinator.job.ModelTargets;
import dev.flemme4j.coordinator.job.QueueRecovery;
import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.coordinator.workers.ModelReleases;
import dev.flemme4j.coordinator.workers.WorkerEventHandler;
import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerCommand;
import dev.flemme4j.protocol.job.WorkerEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second coordinator built on what the first one left in Kafka (its job states and commands, replayed from the
 * first one's MockProducer): queued jobs are queued again and sent once, a job a worker holds is not sent again,
 * and redelivered submissions (keyed or not) do not make a second job.
 */
class RestartRecoveryTest {
    @TempDir
    Path root;
    private final List<Vertx> vertxes = new ArrayList<>();

    /** One coordinator's parts on a MockProducer. */
    private final class Parts {
        final Vertx vertx = Vertx.vertx();
        final Context context = vertx.getOrCreateContext();
        final MockProducer<String, byte[]> control = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        final RecordPublisher publisher = new RecordPublisher(control);
        final Clock clock = Clock.systemUTC();
        final JobStateStore jobs = new JobStateStore(publisher, context);
        final DatasetCatalog datasets = new DatasetCatalog(publisher, context);
        final WorkerRegistry workers = new WorkerRegistry(clock, Duration.ofSeconds(15));
        final CoordinatorMetrics metrics = new CoordinatorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                jobs, workers);
        final JobScheduler scheduler = new JobScheduler(publisher, context, root.resolve("artifacts"), jobs, workers,
                metrics, clock);
        final ModelTargets targets = new ModelTargets();
        final JobIntake intake = new JobIntake(context, clock, new JobIds(clock, new Random()), jobs,
                new JobValidator(root), datasets, new DatasetIngestor(new MockProducer<>(true, null,
                        new StringSerializer(), new ByteArraySerializer()), t -> { }, new SampleEncoder(), clock),
                scheduler, targets, metrics, vertx.createSharedWorkerExecutor("w", 2));
        final WorkerEventHandler events = new WorkerEventHandler(clock, jobs, workers, new ModelReleases(publisher,
                context), targets, metrics, vertx.createSharedWorkerExecutor("e", 1), scheduler);

        Parts() {
            vertxes.add(vertx);
        }

        <T> T on(Supplier<Future<T>> work) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            context.runOnContext(v -> work.get().onComplete(ar -> {
                if (ar.succeeded()) {
                    result.complete(ar.result());
                } else {
                    result.completeExceptionally(ar.cause());
                }
            }));
            return result.get(30, TimeUnit.SECONDS);
        }

        void heartbeat(String worker) throws Exception {
            on(() -> events.onEvent(WorkerEvent.of(WorkerEvent.Type.HEARTBEAT, null, worker)
                    .withMetrics(Map.of("capacity", 1.0)).withMessage("cpu")).mapEmpty());
        }

        List<ConsumerRecord<String, byte[]>> records(String topic) {
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long offset = 0;
            for (ProducerRecord<String, byte[]> r : control.history()) {
                if (r.topic().equals(topic)) {
                    out.add(new ConsumerRecord<>(topic, 0, offset++, r.key(), r.value()));
                }
            }
            return out;
        }

        List<WorkerCommand> sentTrains() {
            return records(Topics.COMMANDS).stream().map(r -> Json.read(r.value(), WorkerCommand.class))
                    .filter(c -> c.type() == WorkerCommand.Type.TRAIN && c.worker() != null).toList();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Vertx v : vertxes) {
            v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRestartedCoordinatorQueuesWhatWaitedSendsItOnceAndLeavesHeldJobsAlone() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 6, 40, 40);
        Parts first = new Parts();
        byte[] yaml = TestDatasets.job("ds", "").getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> running = new ConsumerRecord<>(Topics.JOBS, 0, 0, "running", yaml);
        ConsumerRecord<String, byte[]> waiting = new ConsumerRecord<>(Topics.JOBS, 0, 1, "waiting", yaml);
        ConsumerRecord<String, byte[]> unkeyed = new ConsumerRecord<>(Topics.JOBS, 0, 2, null, yaml);
        first.on(() -> first.intake.onRecord(running));
        first.heartbeat("w1");
        first.on(() -> first.scheduler.tick().mapEmpty());
        first.on(() -> first.events.onEvent(WorkerEvent.of(WorkerEvent.Type.STARTED, "running", "w1").withAttempt(1))
                .mapEmpty());
        first.on(() -> first.intake.onRecord(waiting));
        JobState unkeyedJob = first.on(() -> first.intake.onRecord(unkeyed));
        assertEquals(JobStatus.QUEUED, unkeyedJob.state());
        first.on(() -> first.scheduler.tick().mapEmpty());
        assertEquals(1, first.sentTrains().size(), "w1 is busy: only the first job was sent");

        // the first coordinator dies here; the second one reads back what Kafka kept
        Parts second = new Parts();
        second.jobs.restore(first.records(Topics.JOB_STATE));
        second.datasets.restore(first.records(Topics.DATASETS));
        QueueRecovery.Outcome o = second.on(() -> QueueRecovery.recover(first.records(Topics.COMMANDS), second.jobs,
                second.scheduler, second.workers, second.clock));
        assertEquals(new QueueRecovery.Outcome(2, 0, 1, 0), o);
        // every submission delivered again (the worst case: nothing was committed)
        for (ConsumerRecord<String, byte[]> r : List.of(running, waiting, unkeyed)) {
            second.on(() -> second.intake.onRecord(r));
        }
        assertEquals(3, second.jobs.all().size(), "no job twice: " + second.jobs.all());
        assertEquals(JobStatus.RUNNING, second.jobs.get("running").orElseThrow().state());
        second.heartbeat("w1");
        second.heartbeat("w2");
        second.on(() -> second.scheduler.tick().mapEmpty());
        List<WorkerCommand> sent = second.sentTrains();
        assertEquals(1, sent.size(), "w1 still holds 'running'; w2 takes the first queued job: " + sent);
        assertEquals("w2", sent.get(0).worker());
        assertEquals(1, sent.get(0).attempt());
        assertTrue(List.of("waiting", unkeyedJob.id()).contains(sent.get(0).jobId()), sent.toString());
        assertNull(second.sentTrains().stream().filter(c -> c.jobId().equals("running")).findAny().orElse(null),
                "the held job is not sent again");
    }

    @Test
    void aJobAssignedButNeverSentGoesBackToTheQueue() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 6, 40, 40);
        Parts first = new Parts();
        byte[] yaml = TestDatasets.job("ds", "").getBytes(StandardCharsets.UTF_8);
        first.on(() -> first.intake.onRecord(new ConsumerRecord<>(Topics.JOBS, 0, 0, "stranded", yaml)));
        // the state says "assigned to w1 as attempt 1" but the command never reached Kafka
        JobState queued = first.jobs.get("stranded").orElseThrow();
        first.on(() -> first.jobs.put(queued.assigned("w1", 1, "/x", first.clock.millis())));
        Parts second = new Parts();
        second.jobs.restore(first.records(Topics.JOB_STATE));
        QueueRecovery.Outcome o = second.on(() -> QueueRecovery.recover(first.records(Topics.COMMANDS), second.jobs,
                second.scheduler, second.workers, second.clock));
        assertEquals(new QueueRecovery.Outcome(0, 1, 0, 0), o);
        second.heartbeat("w2");
        second.on(() -> second.scheduler.tick().mapEmpty());
        List<WorkerCommand> sent = second.sentTrains();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("w2", sent.get(0).worker());
        assertEquals(2, sent.get(0).attempt(), "a new attempt: attempt 1 may never run anywhere");
    }

    @Test
    void restoredJobsKeepTheirPriority() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 6, 40, 40);
        Parts first = new Parts();
        // submitted first at the default priority, then a more urgent one; no worker yet, so both wait
        first.on(() -> first.intake.onRecord(new ConsumerRecord<>(Topics.JOBS, 0, 0, "routine",
                TestDatasets.job("ds", "").getBytes(StandardCharsets.UTF_8))));
        first.on(() -> first.intake.onRecord(new ConsumerRecord<>(Topics.JOBS, 0, 1, "urgent",
                TestDatasets.job("ds", "job: {priority: 5}\n").getBytes(StandardCharsets.UTF_8))));
        Parts second = new Parts();
        second.jobs.restore(first.records(Topics.JOB_STATE));
        second.on(() -> QueueRecovery.recover(first.records(Topics.COMMANDS), second.jobs, second.scheduler,
                second.workers, second.clock));
        second.heartbeat("w1");
        second.on(() -> second.scheduler.tick().mapEmpty());
        List<WorkerCommand> sent = second.sentTrains();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("urgent", sent.get(0).jobId(), "the higher priority runs first after a restart too");
    }
}
