package dev.flemme4j.coordinator;

import dev.flemme4j.coordinator.dataset.DataTopics;
import dev.flemme4j.coordinator.dataset.DatasetCatalog;
import dev.flemme4j.coordinator.dataset.DatasetIngestor;
import dev.flemme4j.coordinator.dataset.SampleEncoder;
import dev.flemme4j.coordinator.http.CoordinatorHttpApi;
import dev.flemme4j.coordinator.http.CoordinatorMetrics;
import dev.flemme4j.coordinator.job.JobIds;
import dev.flemme4j.coordinator.job.JobIntake;
import dev.flemme4j.coordinator.job.JobScheduler;
import dev.flemme4j.coordinator.job.JobStateStore;
import dev.flemme4j.coordinator.job.JobValidator;
import dev.flemme4j.coordinator.job.ModelTargets;
import dev.flemme4j.coordinator.job.QueueRecovery;
import dev.flemme4j.coordinator.kafka.ConsumerLoop;
import dev.flemme4j.coordinator.kafka.ControlTopics;
import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.coordinator.workers.ModelReleases;
import dev.flemme4j.coordinator.workers.WorkerEventHandler;
import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.kafka.CompactedTopic;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobError;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the coordinator's parts on one Vert.x context (so job state is only touched from one thread) and
 * owns their life cycle: restore state from Kafka, then open the HTTP API and the consumers.
 */
final class CoordinatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorVerticle.class);
    static final String JOBS_GROUP = "flemme-coordinator";
    static final String EVENTS_GROUP = "flemme-coordinator-events";
    /** How often queued jobs are matched with free workers and silent workers are looked for. */
    private static final long SCHEDULER_TICK_MS = 250;
    private static final int CONTROL_POLL_RECORDS = 50;
    /**
     * Submissions handled at once: a rejection takes milliseconds, an ingestion minutes, and one must not wait for
     * the other. Worker events stay one at a time (a job's events are folded in order, completion included).
     */
    private static final int JOBS_IN_FLIGHT = 256;

    private final CoordinatorOptions opts;
    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private volatile boolean ready;
    /** How often the coordinator checks it reaches the broker itself (see {@link #probeKafka}). */
    private static final long KAFKA_PROBE_MS = 1000;
    private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();
    private boolean kafkaUp = true;
    private JobStateStore jobs;
    private HttpServer http;

    CoordinatorVerticle(CoordinatorOptions opts) {
        this.opts = opts;
    }

    @Override
    public Future<?> start() {
        KafkaClients kafka = opts.kafkaClients();
        PrometheusMeterRegistry registry = opts.meterRegistry() != null ? opts.meterRegistry()
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Validation and ingestion can run for minutes: a named pool with a long max time instead of the shared one.
        WorkerExecutor blocking = vertx.createSharedWorkerExecutor("flemme-coordinator-work", 2, 6, TimeUnit.HOURS);
        closeables.add(blocking::close);
        RecordPublisher publisher = new RecordPublisher(kafka.producer("flemme-coordinator"));
        closeables.add(publisher);
        Producer<String, byte[]> dataProducer = kafka.producer("flemme-coordinator-ingest");
        closeables.add(() -> dataProducer.close(Duration.ofSeconds(10)));
        Admin admin = kafka.admin("flemme-coordinator-admin");
        closeables.add(() -> admin.close(Duration.ofSeconds(5)));
        Admin probeAdmin = kafka.admin("flemme-coordinator-probe", Duration.ofMillis(KAFKA_PROBE_MS),
                Duration.ofMillis(2 * KAFKA_PROBE_MS));
        closeables.add(() -> probeAdmin.close(Duration.ofSeconds(2)));

        jobs = new JobStateStore(publisher, context);
        DatasetCatalog datasets = new DatasetCatalog(publisher, context);
        ModelReleases releases = new ModelReleases(publisher, context);
        WorkerRegistry workers = new WorkerRegistry(clock, opts.heartbeatTimeout());
        ModelTargets targets = new ModelTargets();
        CoordinatorMetrics metrics = new CoordinatorMetrics(registry, jobs, workers);
        closeables.add(metrics);
        JobIds ids = JobIds.system();
        JobScheduler scheduler = new JobScheduler(publisher, context, opts.artifactRoot(), jobs, workers, metrics, clock);
        DatasetIngestor ingestor = new DatasetIngestor(dataProducer, new DataTopics(admin, opts.dataPartitions()),
                new SampleEncoder(), clock);
        JobIntake intake = new JobIntake(context, clock, ids, jobs, new JobValidator(opts.dataRoot(), opts.artifactRoot()), datasets, ingestor,
                scheduler, targets, metrics, blocking);
        WorkerEventHandler events = new WorkerEventHandler(clock, jobs, workers, releases, targets, metrics, blocking,
                scheduler);
        CoordinatorHttpApi api = new CoordinatorHttpApi(vertx, context, jobs, workers, publisher, ids, registry, () -> ready)
                .onCancel(intake::cancel).withAuth(opts.tokens());

        LOG.info("coordinator starting: kafka {}, data root {}, artifacts {}", opts.bootstrapServers(),
                opts.dataRoot().toAbsolutePath().normalize(), opts.artifactRoot().toAbsolutePath().normalize());
        return blocking.executeBlocking(() -> {
            ControlTopics.ensure(admin);
            return new Snapshots(snapshot(kafka, Topics.JOB_STATE), snapshot(kafka, Topics.DATASETS),
                    snapshot(kafka, Topics.MODELS), snapshot(kafka, Topics.COMMANDS));
        }, false).compose(s -> {
            jobs.restore(s.jobStates());
            datasets.restore(s.datasets());
            releases.restore(s.models());
            return failInterrupted(intake)
                    .compose(v -> QueueRecovery.recover(s.commands(), jobs, scheduler, workers, clock));
        }).compose(v -> api.listen(opts.httpHost(), opts.httpPort())).map(server -> {
            http = server;
            ConsumerLoop jobsLoop = new ConsumerLoop(kafka.groupConsumer(JOBS_GROUP, "flemme-coordinator-jobs",
                    JOBS_IN_FLIGHT), Topics.JOBS, context, intake::onRecord, JOBS_IN_FLIGHT).start();
            ConsumerLoop eventsLoop = new ConsumerLoop(kafka.groupConsumer(EVENTS_GROUP, "flemme-coordinator-events",
                    CONTROL_POLL_RECORDS), Topics.EVENTS, context, events::onRecord).start();
            closeables.add(jobsLoop);
            closeables.add(eventsLoop);
            api.health().check("jobs consumer", jobsLoop::problem).check("events consumer", eventsLoop::problem);
            long tick = vertx.setPeriodic(SCHEDULER_TICK_MS, id -> scheduler.tick()
                    .onFailure(err -> LOG.error("scheduling round failed", err)));
            closeables.add(() -> vertx.cancelTimer(tick));
            long probe = vertx.setPeriodic(KAFKA_PROBE_MS, id -> probeKafka(probeAdmin, blocking, workers));
            closeables.add(() -> vertx.cancelTimer(probe));
            ready = true;
            LOG.info("coordinator ready: {} jobs known, HTTP on port {}", jobs.all().size(), server.actualPort());
            return null;
        }).onFailure(err -> {
            LOG.error("coordinator failed to start", err);
            closeAll();
        });
    }

    private record Snapshots(List<ConsumerRecord<String, byte[]>> jobStates, List<ConsumerRecord<String, byte[]>> datasets,
            List<ConsumerRecord<String, byte[]>> models, List<ConsumerRecord<String, byte[]>> commands) {
    }

    private static List<ConsumerRecord<String, byte[]>> snapshot(KafkaClients kafka, String topic) {
        try (Consumer<String, byte[]> c = kafka.assignedConsumer("flemme-coordinator-restore")) {
            return CompactedTopic.snapshot(c, topic);
        }
    }

    /**
     * Jobs caught between SUBMITTED and QUEUED by a previous coordinator's end cannot be resumed from their state
     * alone. Their submission was not committed, so it is read again and processed under the same id (an unkeyed
     * record's id is derived from its offset), replacing the FAILED state written here.
     */
    private Future<Void> failInterrupted(JobIntake intake) {
        List<Future<JobState>> writes = new ArrayList<>();
        for (JobState s : jobs.all()) {
            if (s.state() == JobStatus.SUBMITTED || s.state() == JobStatus.INGESTING) {
                intake.retryOnRedelivery(s.id());
                writes.add(jobs.put(s.failed(new JobError("", "interrupted by a coordinator restart while "
                        + s.state().name().toLowerCase() + "; its submission is processed again if it was not finished"),
                        clock.millis())));
            }
        }
        return Future.all(writes).mapEmpty();
    }

    /**
     * Asks the broker for its cluster id: while that fails, workers' silence is the broker's, not theirs, and nobody
     * is declared lost ({@link WorkerRegistry#kafkaReachable}). One probe at a time, off the event loop.
     */
    private void probeKafka(Admin probeAdmin, WorkerExecutor blocking, WorkerRegistry workers) {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        blocking.executeBlocking(() -> probeAdmin.describeCluster().clusterId().get(2 * KAFKA_PROBE_MS,
                TimeUnit.MILLISECONDS), false).onComplete(ar -> {
                    probing.set(false);
                    boolean ok = ar.succeeded();
                    boolean wasUp = kafkaUp;
                    kafkaUp = ok;
                    if (workers.kafkaReachable(ok)) {
                        LOG.info("Kafka reachable again; workers get {} ms from now before their silence counts",
                                workers.timeout().toMillis());
                    } else if (!ok && wasUp) {
                        LOG.warn("Kafka unreachable ({}); no worker is declared lost until it is back",
                                ar.cause().toString());
                    }
                });
    }

    int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    JobStateStore jobs() {
        return jobs;
    }

    @Override
    public Future<?> stop() {
        ready = false;
        Future<Void> closed = http == null ? Future.succeededFuture() : http.close();
        return closed.eventually(() -> vertx.executeBlocking(() -> {
            closeAll();
            return null;
        }, false)).onComplete(ar -> LOG.info("coordinator stopped"));
    }

    private void closeAll() {
        // reverse order: consumers first, then publishers, then the executor
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", closeables.get(i), e.toString());
            }
        }
        closeables.clear();
    }
}
