package dev.flemme4j.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.coordinator.workers.ModelReleases;
import dev.flemme4j.coordinator.workers.WorkerEventHandler;
import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.DatasetIngestion;
import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.ModelRelease;
import dev.flemme4j.protocol.job.WorkerCommand;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job flow on Kafka's MockProducer (no broker): intake → validation → ingestion → TRAIN command, worker
 * events → job states and model releases, and what ends up on each topic.
 */
class CoordinatorFlowTest {
    @TempDir
    Path root;
    private Vertx vertx;
    private Context context;
    private MockProducer<String, byte[]> control;
    private MockProducer<String, byte[]> data;
    private List<String> preparedTopics;
    private JobStateStore jobs;
    private DatasetCatalog datasets;
    private JobIntake intake;
    private WorkerEventHandler events;
    private PrometheusMeterRegistry registry;
    private WorkerExecutor blocking;
    private CoordinatorMetrics metrics;
    private MutableClock clock;
    private WorkerRegistry workers;
    private JobScheduler scheduler;

    /** Wall-clock time that a test can move forward (heartbeat timeouts without sleeping). */
    static final class MutableClock extends Clock {
        private long millis = System.currentTimeMillis();

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void start() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 6, 40, 40);
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        control = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        data = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        preparedTopics = new ArrayList<>();
        RecordPublisher publisher = new RecordPublisher(control);
        clock = new MutableClock();
        jobs = new JobStateStore(publisher, context);
        datasets = new DatasetCatalog(publisher, context);
        ModelReleases releases = new ModelReleases(publisher, context);
        workers = new WorkerRegistry(clock, Duration.ofSeconds(15));
        ModelTargets targets = new ModelTargets();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new CoordinatorMetrics(registry, jobs, workers);
        blocking = vertx.createSharedWorkerExecutor("test-work", 2);
        DatasetIngestor ingestor = new DatasetIngestor(data, preparedTopics::add, new SampleEncoder(), clock);
        scheduler = new JobScheduler(publisher, context, root.resolve("artifacts"), jobs, workers, metrics, clock);
        intake = new JobIntake(context, clock, new JobIds(clock, new Random(3)), jobs, new JobValidator(root), datasets,
                ingestor, scheduler, targets, metrics, blocking);
        events = new WorkerEventHandler(clock, jobs, workers, releases, targets, metrics, blocking, scheduler);
    }

    @AfterEach
    void stop() throws Exception {
        metrics.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private <T> T onContext(Supplier<Future<T>> work) throws Exception {
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

    private long nextOffset = 100;

    private JobState submit(String key, String yaml) throws Exception {
        byte[] value = yaml == null ? null : yaml.getBytes(StandardCharsets.UTF_8);
        return onContext(() -> intake.onRecord(new ConsumerRecord<>(Topics.JOBS, 0, nextOffset++, key, value)));
    }

    private List<ProducerRecord<String, byte[]>> sent(String topic) {
        return control.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private List<JobState> statesOf(String id) {
        return sent(Topics.JOB_STATE).stream().filter(r -> r.key().equals(id))
                .map(r -> Json.read(r.value(), JobState.class)).toList();
    }

    @Test
    void unkeyedJobIsValidatedIngestedAndQueued() throws Exception {
        JobState s = submit(null, TestDatasets.job("ds", "val_split_ratio: 0.5\nval_split_seed: 1\njob:\n  name: seg-demo\n"));
        assertEquals(JobStatus.QUEUED, s.state(), String.valueOf(s.error()));
        assertTrue(s.id().matches("job-\\d{8}-\\d{6}-0-\\d+"), "named after its record: " + s.id());
        assertEquals("seg-demo", s.name());
        List<JobStatus> transitions = statesOf(s.id()).stream().map(JobState::state).distinct().toList();
        assertEquals(List.of(JobStatus.SUBMITTED, JobStatus.INGESTING, JobStatus.QUEUED), transitions);

        DatasetIngestion ingestion = Json.read(sent(Topics.DATASETS).get(0).value(), DatasetIngestion.class);
        assertEquals(3, ingestion.trainRecords());
        assertEquals(3, ingestion.valRecords());
        assertEquals(List.of(ingestion.trainTopic(), ingestion.valTopic()), preparedTopics);
        assertEquals(6, data.history().size());
        ProducerRecord<String, byte[]> first = data.history().get(0);
        assertEquals(ingestion.trainTopic(), first.topic());
        assertTrue(first.key().matches("0/case_00\\d\\.png"), first.key());
        TensorRecord rec = TensorRecordCodec.standard().decode(first.value());
        assertArrayEquals(new long[] {1, 32, 32}, rec.require("image").shape());
        NamedTensor label = rec.require("label");
        assertArrayEquals(new long[] {1, 32, 32}, label.shape());
        for (float v : label.toFloatArray()) {
            assertTrue(v == 0f || v == 1f, "mask values are 0/1, got " + v);
        }

        assertTrue(commands().isEmpty(), "no worker yet: the job waits in the queue");
        WorkerCommand entry = Json.read(sent(Topics.COMMANDS).get(0).value(), WorkerCommand.class);
        assertEquals(s.id(), sent(Topics.COMMANDS).get(0).key(), "the queue entry is kept under the job's id");
        assertNull(entry.worker(), "the queue entry names no worker, so every worker ignores it");
        heartbeat("w1", 1);
        onContext(() -> scheduler.tick().mapEmpty());
        WorkerCommand cmd = Json.read(sent(Topics.COMMANDS).get(1).value(), WorkerCommand.class);
        assertEquals("w1", sent(Topics.COMMANDS).get(1).key(), "addressed by worker id");
        assertEquals(WorkerCommand.Type.TRAIN, cmd.type());
        assertEquals("w1", cmd.worker());
        assertEquals(1, cmd.attempt());
        assertNull(cmd.resumeFrom());
        JobState assigned = jobs.get(s.id()).orElseThrow();
        assertEquals(JobStatus.QUEUED, assigned.state());
        assertEquals("w1", assigned.worker());
        assertEquals(1, assigned.attempt());
        assertEquals(ingestion.trainTopic(), cmd.trainTopic());
        assertEquals(3, cmd.trainRecords());
        assertEquals(ingestion.valTopic(), cmd.valTopic());
        assertEquals(root.resolve("artifacts").resolve(s.id()).toString(), cmd.artifactDir());
        assertEquals("seg-demo", cmd.modelName());
        assertTrue(cmd.jobYaml().contains("name: seg-demo"));
    }

    @Test
    void sameDatasetIsIngestedOnce() throws Exception {
        assertEquals(JobStatus.QUEUED, submit("first", TestDatasets.job("ds", "")).state());
        int records = data.history().size();
        assertEquals(JobStatus.QUEUED, submit("second", TestDatasets.job("ds", "").replace("lr: 0.001", "lr: 0.01")).state());
        assertEquals(records, data.history().size());
        assertEquals(1, sent(Topics.DATASETS).size());
    }

    @Test
    void garbageIsRejectedAndTheNextJobStillRuns() throws Exception {
        JobState bad = submit("", null);
        assertEquals(JobStatus.REJECTED, bad.state());
        assertEquals("", bad.error().path());
        JobState binary = onContext(() -> intake.onRecord(new ConsumerRecord<>(Topics.JOBS, 0, 1, null,
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0})));
        assertEquals(JobStatus.REJECTED, binary.state());
        assertTrue(binary.error().message().contains("UTF-8") || binary.error().message().contains("control"),
                binary.error().message());
        JobState yaml = submit("y1", "model: [oops");
        assertEquals(JobStatus.REJECTED, yaml.state());
        assertEquals(JobStatus.QUEUED, submit("good", TestDatasets.job("ds", "")).state());
        String scrape = registry.scrape();
        assertTrue(scrape.contains("flemme_jobs_rejected_total{reason=\"payload\"} 2.0"), scrape);
        assertTrue(scrape.contains("flemme_jobs_rejected_total{reason=\"yaml\"} 1.0"), scrape);
        assertTrue(scrape.contains("flemme_jobs_submitted_total 4.0"), scrape);
        assertTrue(scrape.contains("flemme_jobs{state=\"queued\"} 1.0"), scrape);
    }

    @Test
    void invalidJobIsRejectedWithThePathOfTheFault() throws Exception {
        JobState s = submit("bad-size", TestDatasets.job("ds", "").replace("image_size: [32, 32]", "image_size: [30, 30]"));
        assertEquals(JobStatus.REJECTED, s.state());
        assertEquals("model.encoder.image_size", s.error().path());
        JobState missing = submit("no-data", TestDatasets.job("nope", ""));
        assertEquals("loader.dataset.data_path", missing.error().path());
        assertTrue(missing.error().message().contains(root.resolve("nope").toString()));
    }

    @Test
    void redeliveredSubmissionOfAQueuedJobIsIgnored() throws Exception {
        submit("dup", TestDatasets.job("ds", ""));
        int commands = sent(Topics.COMMANDS).size();
        assertEquals(JobStatus.QUEUED, submit("dup", TestDatasets.job("ds", "")).state());
        assertEquals(commands, sent(Topics.COMMANDS).size());
    }

    @Test
    void workerEventsDriveTheJobToCompletionAndReleaseTheModel() throws Exception {
        submit("run1", TestDatasets.job("ds", "job:\n  name: seg\n"));
        WorkerEvent started = WorkerEvent.of(WorkerEvent.Type.STARTED, "run1", "w1");
        assertEquals(JobStatus.RUNNING, state(started).state());
        JobState progress = state(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "run1", "w1")
                .withProgress(new JobProgress(1, 2, 3, 6, 0.5, 10, 1e-3)));
        assertEquals(3, progress.progress().step());
        assertEquals("w1", progress.worker());
        JobState validated = state(WorkerEvent.of(WorkerEvent.Type.VALIDATION, "run1", "w1").withMetrics(Map.of("Dice", 0.8)));
        assertEquals(0.8, validated.metrics().get("Dice"));
        JobState skipped = state(WorkerEvent.of(WorkerEvent.Type.RECORD_SKIPPED, "run1", "w1").withSkipped(2));
        assertEquals(2.0, skipped.metrics().get(WorkerEventHandler.SKIPPED_RECORDS));
        assertEquals(JobStatus.EXPORTING, state(WorkerEvent.of(WorkerEvent.Type.EXPORTING, "run1", "w1")).state());
        Path exported = root.resolve("artifacts/run1/model");
        JobState done = state(WorkerEvent.of(WorkerEvent.Type.COMPLETED, "run1", "w1").withPath(exported.toString()));
        assertEquals(JobStatus.COMPLETED, done.state());
        assertEquals("seg", done.model());
        assertNotNull(done.artifacts());
        ModelRelease release = Json.read(sent(Topics.MODELS).get(0).value(), ModelRelease.class);
        assertEquals("seg", sent(Topics.MODELS).get(0).key());
        assertEquals(1, release.version());
        assertEquals(exported.toString(), release.directory());
        assertEquals("run1", release.jobId());

        // a duplicate COMPLETED does not release again; a second job of the same name gets version 2
        state(WorkerEvent.of(WorkerEvent.Type.COMPLETED, "run1", "w1").withPath(exported.toString()));
        assertEquals(1, sent(Topics.MODELS).size());
        submit("run2", TestDatasets.job("ds", "job:\n  name: seg\n"));
        state(WorkerEvent.of(WorkerEvent.Type.COMPLETED, "run2", "w2").withPath("/tmp/x"));
        assertEquals(2, Json.read(sent(Topics.MODELS).get(1).value(), ModelRelease.class).version());
        assertTrue(registry.scrape().contains("flemme_workers_alive 2.0"));
    }

    @Test
    void failedEventFailsTheJob() throws Exception {
        submit("f1", TestDatasets.job("ds", ""));
        JobState failed = state(WorkerEvent.of(WorkerEvent.Type.FAILED, "f1", "w1").withMessage("out of memory"));
        assertEquals(JobStatus.FAILED, failed.state());
        assertEquals("out of memory", failed.error().message());
    }

    @Test
    void aFinishedJobsIdIsNotReusedAndItsStateIsKept() throws Exception {
        submit("done1", TestDatasets.job("ds", ""));
        JobState done = state(WorkerEvent.of(WorkerEvent.Type.COMPLETED, "done1", "w1").withPath(root.resolve("m").toString()));
        assertEquals(JobStatus.COMPLETED, done.state());
        long trainsBefore = sent(Topics.COMMANDS).size();
        JobState again = submit("done1", TestDatasets.job("ds", "").replace("lr: 0.001", "lr: 0.01"));
        assertEquals(JobStatus.COMPLETED, again.state(), "the finished job keeps its state");
        assertEquals(done.artifacts(), again.artifacts());
        assertTrue(again.warnings().stream().anyMatch(w -> w.startsWith("job.id: a new submission under 'done1' was refused")),
                again.warnings().toString());
        assertEquals(trainsBefore, sent(Topics.COMMANDS).size(), "no second TRAIN command for the same id");

        submit("fail1", TestDatasets.job("ds", ""));
        state(WorkerEvent.of(WorkerEvent.Type.FAILED, "fail1", "w1").withMessage("boom"));
        assertEquals(JobStatus.FAILED, submit("fail1", TestDatasets.job("ds", "")).state());

        JobState rejected = submit("rej1", TestDatasets.job("nope", ""));
        assertEquals(JobStatus.REJECTED, rejected.state());
        assertEquals(JobStatus.QUEUED, submit("rej1", TestDatasets.job("ds", "")).state(), "a rejected job never ran: its id may be used again");
    }

    @Test
    void garbageEventsAndUnknownJobsAreIgnored() throws Exception {
        onContext(() -> events.onRecord(new ConsumerRecord<>(Topics.EVENTS, 0, 0, "x", new byte[] {1, 2, 3})).mapEmpty());
        onContext(() -> events.onEvent(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "nobody", "w1")).mapEmpty());
        assertTrue(sent(Topics.JOB_STATE).isEmpty());
    }

    @Test
    void stateStoreRestoresLatestStatePerJob() {
        JobState a = JobState.submitted("a", null, 1).withState(JobStatus.RUNNING, 2);
        List<ConsumerRecord<String, byte[]>> records = List.of(
                new ConsumerRecord<>(Topics.JOB_STATE, 0, 0, "a", Json.bytes(JobState.submitted("a", null, 1))),
                new ConsumerRecord<>(Topics.JOB_STATE, 0, 1, "b", Json.bytes(JobState.submitted("b", null, 1))),
                new ConsumerRecord<>(Topics.JOB_STATE, 0, 2, "a", Json.bytes(a)),
                new ConsumerRecord<>(Topics.JOB_STATE, 0, 3, "b", null),
                new ConsumerRecord<>(Topics.JOB_STATE, 0, 4, "c", new byte[] {9}));
        jobs.restore(records);
        assertEquals(1, jobs.all().size());
        assertEquals(JobStatus.RUNNING, jobs.get("a").orElseThrow().state());
    }

    private void heartbeat(String worker, int capacity) throws Exception {
        onContext(() -> events.onEvent(WorkerEvent.of(WorkerEvent.Type.HEARTBEAT, null, worker)
                .withMetrics(Map.of("capacity", (double) capacity, "busy", 0.0)).withMessage("cpu")).mapEmpty());
    }

    /** Commands addressed to a worker (the unassigned queue entries on the same topic left out). */
    private List<WorkerCommand> commands() {
        return sent(Topics.COMMANDS).stream().map(r -> Json.read(r.value(), WorkerCommand.class))
                .filter(c -> c.worker() != null).toList();
    }

    @Test
    void queuedJobsGoToFreeWorkersByPriorityThenArrival() throws Exception {
        submit("low", TestDatasets.job("ds", ""));
        submit("high", TestDatasets.job("ds", "job:\n  priority: 5\n"));
        submit("later", TestDatasets.job("ds", ""));
        heartbeat("w1", 1);
        heartbeat("w2", 1);
        onContext(() -> scheduler.tick().mapEmpty());
        List<WorkerCommand> first = commands();
        assertEquals(List.of("high", "low"), first.stream().map(WorkerCommand::jobId).toList());
        assertNotEquals(first.get(0).worker(), first.get(1).worker(), "one job per worker of capacity 1");
        assertEquals(JobStatus.QUEUED, jobs.get("later").orElseThrow().state());
        assertNull(jobs.get("later").orElseThrow().worker(), "waits unassigned");

        // the worker of "low" finishes: "later" goes to it, and only then
        String lowWorker = first.get(1).worker();
        state(WorkerEvent.of(WorkerEvent.Type.STARTED, "low", lowWorker).withAttempt(1));
        onContext(() -> scheduler.tick().mapEmpty());
        assertEquals(2, commands().size());
        state(WorkerEvent.of(WorkerEvent.Type.FAILED, "low", lowWorker).withAttempt(1).withMessage("boom"));
        onContext(() -> scheduler.tick().mapEmpty());
        WorkerCommand third = commands().get(2);
        assertEquals("later", third.jobId());
        assertEquals(lowWorker, third.worker());
    }

    @Test
    void lostWorkersJobIsReassignedAndResumesFromItsCheckpoint() throws Exception {
        submit("long", TestDatasets.job("ds", ""));
        heartbeat("w1", 1);
        onContext(() -> scheduler.tick().mapEmpty());
        state(WorkerEvent.of(WorkerEvent.Type.STARTED, "long", "w1").withAttempt(1));
        state(WorkerEvent.of(WorkerEvent.Type.CHECKPOINT, "long", "w1").withAttempt(1).withPath("/a/ckp_last")
                .withProgress(new JobProgress(1, 4, 8, 40, 0.4, 10, 1e-3)));
        clock.advance(Duration.ofSeconds(10));
        heartbeat("w2", 1);
        clock.advance(Duration.ofSeconds(6)); // w1 silent 16 s > 15 s, w2 6 s
        onContext(() -> scheduler.tick().mapEmpty());
        onContext(() -> scheduler.tick().mapEmpty());
        List<WorkerCommand> cmds = commands();
        assertEquals(3, cmds.size(), cmds.toString());
        assertEquals(WorkerCommand.Type.CANCEL, cmds.get(1).type(), "the lost worker is told to stop, should it return");
        assertEquals("w1", cmds.get(1).worker());
        WorkerCommand again = cmds.get(2);
        assertEquals("w2", again.worker());
        assertEquals(2, again.attempt());
        assertEquals("/a/ckp_last", again.resumeFrom());
        assertEquals(root.resolve("artifacts").resolve("long").resolve("attempt-2").toString(), again.artifactDir());
        assertTrue(registry.scrape().contains("flemme_workers_lost_total 1.0"));

        // the first attempt's worker comes back: its events no longer move the job
        JobState ignored = state(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "long", "w1").withAttempt(1)
                .withProgress(new JobProgress(2, 4, 12, 40, 0.3, 10, 1e-3)));
        assertEquals(2, ignored.attempt());
        assertEquals("w2", ignored.worker());
        JobState future = state(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "long", "w2").withAttempt(2)
                .withProgress(new JobProgress(2, 4, 99, 40, 0.3, 10, 1e-3)));
        assertEquals(8, future.progress().step(), "a step beyond max_steps is ignored");
        assertTrue(registry.scrape().contains("reason=\"stale_attempt\""));
        assertTrue(registry.scrape().contains("reason=\"impossible_step\""));
    }

    @Test
    void aReplicatedJobWaitsForEnoughWorkersAndALostReplicaRequeuesTheWholeAttempt() throws Exception {
        submit("gang", TestDatasets.job("ds", "job:\n  replicas: 2\n"));
        submit("small", TestDatasets.job("ds", ""));
        heartbeat("w1", 1);
        onContext(() -> scheduler.tick().mapEmpty());
        assertEquals(List.of("small"), commands().stream().map(WorkerCommand::jobId).toList(),
                "one free worker: the job behind the gang starts, the gang waits");
        assertEquals(JobStatus.QUEUED, jobs.get("gang").orElseThrow().state());
        assertNull(jobs.get("gang").orElseThrow().worker());

        heartbeat("w2", 1);
        heartbeat("w3", 1);
        onContext(() -> scheduler.tick().mapEmpty());
        List<WorkerCommand> gang = commands().stream().filter(c -> c.jobId().equals("gang")).toList();
        assertEquals(2, gang.size(), gang.toString());
        assertEquals(List.of("w2", "w3"), gang.stream().map(WorkerCommand::worker).toList());
        assertEquals(List.of(0, 1), gang.stream().map(WorkerCommand::rank).toList());
        assertTrue(gang.stream().allMatch(c -> c.replicas() == 2 && c.attempt() == 1 && c.issuedAt() > 0
                && c.artifactDir().equals(gang.get(0).artifactDir())), gang.toString());
        assertEquals("w2", jobs.get("gang").orElseThrow().worker(), "the state names rank 0's worker");
        assertEquals(List.of("w2", "w3"), scheduler.workersOf(jobs.get("gang").orElseThrow()));

        // w3 (rank 1) falls silent: the attempt goes back to the queue, both replicas are told to stop
        clock.advance(Duration.ofSeconds(10));
        heartbeat("w1", 1);
        heartbeat("w2", 1);
        clock.advance(Duration.ofSeconds(6));
        onContext(() -> scheduler.tick().mapEmpty());
        List<WorkerCommand> cancels = commands().stream().filter(c -> c.type() == WorkerCommand.Type.CANCEL).toList();
        assertEquals(List.of("w2", "w3"), cancels.stream().map(WorkerCommand::worker).sorted().toList());
        assertEquals(JobStatus.QUEUED, jobs.get("gang").orElseThrow().state());
        onContext(() -> scheduler.tick().mapEmpty());
        assertEquals(2, commands().stream().filter(c -> c.jobId().equals("gang")
                && c.type() == WorkerCommand.Type.TRAIN).count(), "w1 holds 'small', w2 alone is not enough: it waits");

        heartbeat("w4", 1);
        onContext(() -> scheduler.tick().mapEmpty());
        List<WorkerCommand> second = commands().stream().filter(c -> c.jobId().equals("gang")
                && c.type() == WorkerCommand.Type.TRAIN && c.attempt() == 2).toList();
        assertEquals(List.of("w2", "w4"), second.stream().map(WorkerCommand::worker).toList());

        // a replica that fails fails the job and stops the other replica
        int before = commands().size();
        state(WorkerEvent.of(WorkerEvent.Type.FAILED, "gang", "w4").withAttempt(2).withMessage("replica sync timeout"));
        assertEquals(JobStatus.FAILED, jobs.get("gang").orElseThrow().state());
        List<WorkerCommand> after = commands().subList(before, commands().size());
        assertEquals(1, after.size(), after.toString());
        assertEquals(WorkerCommand.Type.CANCEL, after.get(0).type());
        assertEquals("w2", after.get(0).worker());
    }

    private JobState state(WorkerEvent e) throws Exception {
        onContext(() -> events.onEvent(e).mapEmpty());
        return jobs.get(e.jobId()).orElseThrow();
    }

    @Test
    void lateEventsOfAWithdrawnAttemptDoNotMakeTheRequeuedJobRunning() throws Exception {
        submit("cut-off", TestDatasets.job("ds", ""));
        heartbeat("w1", 1);
        onContext(() -> scheduler.tick().mapEmpty());
        state(WorkerEvent.of(WorkerEvent.Type.STARTED, "cut-off", "w1").withAttempt(1));
        clock.advance(Duration.ofSeconds(16)); // w1 silent past the 15 s timeout: lost, its attempt withdrawn
        onContext(() -> scheduler.tick().mapEmpty());
        assertEquals(JobStatus.QUEUED, jobs.get("cut-off").orElseThrow().state());
        // w1 was only cut off: its buffered progress of attempt 1 arrives now
        JobState after = state(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "cut-off", "w1").withAttempt(1)
                .withProgress(new JobProgress(1, 4, 5, 40, 0.5, 10, 1e-3)));
        assertEquals(JobStatus.QUEUED, after.state(), "still waiting for its next attempt");
        assertNull(after.worker());
        heartbeat("w1", 1);
        onContext(() -> scheduler.tick().mapEmpty());
        WorkerCommand next = commands().get(commands().size() - 1);
        assertEquals(2, next.attempt(), "the next attempt is sent");
        assertEquals(WorkerCommand.Type.TRAIN, next.type());
    }
}
