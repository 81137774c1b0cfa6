package dev.flemme4j.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.dataset.DatasetCatalog;
import dev.flemme4j.coordinator.dataset.DatasetIngestor;
import dev.flemme4j.coordinator.dataset.SampleEncoder;
import dev.flemme4j.coordinator.dataset.TestDatasets;
import dev.flemme4j.coordinator.http.CoordinatorHttpApi;
import dev.flemme4j.coordinator.http.CoordinatorMetrics;
import dev.flemme4j.coordinator.job.JobIds;
import dev.flemme4j.coordinator.job.JobIntake;
import dev.flemme4j.coordinator.job.JobScheduler;
import dev.flemme4j.coordinator.job.JobStateStore;
import dev.flemme4j.coordinator.job.JobValidator;
import dev.flemme4j.coordinator.job.ModelTargets;
import dev.flemme4j.coordinator.kafka.ConsumerLoop;
import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.coordinator.workers.ModelReleases;
import dev.flemme4j.coordinator.workers.WorkerEventHandler;
import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the control plane, through the real consumer loop on a MockConsumer and the coordinator's parts on
 * a MockProducer: undecodable events, events for unknown jobs or attempts, steps from the future. Each is logged,
 * counted in {@code flemme_records_ignored_total} and ignored; the loop lives on and later good events still count.
 * A consumer thread that dies turns {@code /health} DOWN.
 */
class ControlPlaneBadInputTest {
    @TempDir
    Path root;
    private Vertx vertx;
    private Context context;
    private MockProducer<String, byte[]> control;
    private RecordPublisher publisher;
    private JobStateStore jobs;
    private WorkerRegistry workers;
    private JobScheduler scheduler;
    private JobIntake intake;
    private WorkerEventHandler events;
    private PrometheusMeterRegistry registry;
    private CoordinatorMetrics metrics;

    @BeforeEach
    void start() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 6, 40, 40);
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        control = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        MockProducer<String, byte[]> data = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        publisher = new RecordPublisher(control);
        Clock clock = Clock.systemUTC();
        jobs = new JobStateStore(publisher, context);
        DatasetCatalog datasets = new DatasetCatalog(publisher, context);
        workers = new WorkerRegistry(clock, Duration.ofSeconds(15));
        ModelTargets targets = new ModelTargets();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new CoordinatorMetrics(registry, jobs, workers);
        var blocking = vertx.createSharedWorkerExecutor("test-work", 2);
        scheduler = new JobScheduler(publisher, context, root.resolve("artifacts"), jobs, workers, metrics, clock);
        intake = new JobIntake(context, clock, new JobIds(clock, new Random(3)), jobs, new JobValidator(root), datasets,
                new DatasetIngestor(data, t -> { }, new SampleEncoder(), clock), scheduler, targets, metrics, blocking);
        events = new WorkerEventHandler(clock, jobs, workers, new ModelReleases(publisher, context), targets, metrics,
                blocking, scheduler);
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

    private static byte[] json(WorkerEvent e) {
        return Json.bytes(e);
    }

    @Test
    void badWorkerEventsAreCountedAndIgnoredAndTheLoopGoesOn() throws Exception {
        onContext(() -> intake.submit("good", TestDatasets.job("ds", "").getBytes(StandardCharsets.UTF_8)));
        onContext(() -> events.onEvent(WorkerEvent.of(WorkerEvent.Type.HEARTBEAT, null, "w1")
                .withMetrics(Map.of("capacity", 1.0)).withMessage("cpu")).mapEmpty());
        onContext(() -> scheduler.tick().mapEmpty());
        onContext(() -> events.onEvent(WorkerEvent.of(WorkerEvent.Type.STARTED, "good", "w1").withAttempt(1)
                .withProgress(new JobProgress(0, 4, 0, 40, Double.NaN, 0, 1e-3))).mapEmpty());
        assertEquals(JobStatus.RUNNING, jobs.get("good").orElseThrow().state());

        List<byte[]> values = new ArrayList<>();
        values.add(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});                                  // undecodable
        values.add(null);                                                                         // undecodable
        values.add("null".getBytes(StandardCharsets.UTF_8));                                      // undecodable
        values.add("{\"type\":\"EXPLODE\",\"job_id\":\"good\"}".getBytes(StandardCharsets.UTF_8)); // undecodable
        values.add(json(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "no-such-job", "w1").withAttempt(1)
                .withProgress(new JobProgress(1, 4, 5, 40, 0.5, 10, 1e-3))));                    // unknown job
        values.add(json(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "good", "w1").withAttempt(7)
                .withProgress(new JobProgress(1, 4, 5, 40, 0.5, 10, 1e-3))));                    // attempt never given
        values.add(json(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "good", "w1").withAttempt(1)
                .withProgress(new JobProgress(1, 4, 4000, 40, 0.5, 10, 1e-3))));                 // step past its max
        values.add(json(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "good", "w1").withAttempt(1)
                .withProgress(new JobProgress(1, 4, 90, 99, 0.5, 10, 1e-3))));                   // past the job's max
        values.add(json(WorkerEvent.of(WorkerEvent.Type.PROGRESS, "good", "w1").withAttempt(1)
                .withProgress(new JobProgress(1, 4, 9, 40, 0.25, 10, 1e-3))));                   // good
        TopicPartition tp = new TopicPartition(Topics.EVENTS, 0);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(tp));
            consumer.updateBeginningOffsets(Map.of(tp, 0L));
            for (int i = 0; i < values.size(); i++) {
                consumer.addRecord(new ConsumerRecord<>(Topics.EVENTS, 0, i, "w1", values.get(i)));
            }
        });
        ConsumerLoop loop = new ConsumerLoop(consumer, Topics.EVENTS, context, events::onRecord).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && committed(consumer, tp) < values.size()) {
                Thread.sleep(20);
            }
            assertEquals(values.size(), committed(consumer, tp), "every record read past");
            assertTrue(loop.problem().isEmpty(), "bad events do not kill the loop: " + loop.problem());
        } finally {
            loop.close();
        }
        JobState good = jobs.get("good").orElseThrow();
        assertEquals(JobStatus.RUNNING, good.state());
        assertEquals(9, good.progress().step(), "only the good event moved the job");
        assertEquals(1, good.attempt());
        String scrape = registry.scrape();
        for (String line : List.of(
                "flemme_records_ignored_total{reason=\"undecodable\",topic=\"flemme.events\"} 4.0",
                "flemme_records_ignored_total{reason=\"unknown_job\",topic=\"flemme.events\"} 1.0",
                "flemme_records_ignored_total{reason=\"unknown_attempt\",topic=\"flemme.events\"} 1.0",
                "flemme_records_ignored_total{reason=\"impossible_step\",topic=\"flemme.events\"} 2.0")) {
            assertTrue(scrape.contains(line), line + " in\n" + scrape);
        }
    }

    @Test
    void aDeadConsumerThreadTurnsHealthDown() throws Exception {
        TopicPartition tp = new TopicPartition(Topics.EVENTS, 0);
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        CountDownLatch go = new CountDownLatch(1);
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(tp));
            consumer.updateBeginningOffsets(Map.of(tp, 0L));
        });
        consumer.schedulePollTask(() -> {
            try {
                go.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("simulated bug in the consumer thread");
        });
        ConsumerLoop loop = new ConsumerLoop(consumer, Topics.EVENTS, context, events::onRecord).start();
        CoordinatorHttpApi api = new CoordinatorHttpApi(vertx, context, jobs, workers, publisher, JobIds.system(),
                registry, () -> true);
        api.health().check("events consumer", loop::problem);
        int port = api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        try {
            HttpResponse<String> up = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, up.statusCode(), up.body());
            go.countDown();
            HttpResponse<String> down = up;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && down.statusCode() == 200) {
                Thread.sleep(50);
                down = http.send(health, HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("DOWN"), down.body());
            assertTrue(down.body().contains("simulated bug"), "the cause is named: " + down.body());
        } finally {
            loop.close();
        }
    }

    private static long committed(MockConsumer<String, byte[]> consumer, TopicPartition tp) {
        var c = consumer.committed(Set.of(tp)).get(tp);
        return c == null ? -1 : c.offset();
    }
}
