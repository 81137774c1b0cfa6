package dev.flemme4j.coordinator.workers;

import dev.flemme4j.coordinator.http.CoordinatorMetrics;
import dev.flemme4j.coordinator.job.JobScheduler;
import dev.flemme4j.coordinator.job.JobStateStore;
import dev.flemme4j.coordinator.job.ModelTargets;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobError;
import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.protocol.model.ModelManifest;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds worker events into job states: progress and metrics while training, COMPLETED → a model release,
 * FAILED → the worker's error. Events for unknown or finished jobs are ignored (redeliveries, stale workers),
 * which keeps handling idempotent; every event counts as a sign of life of its worker.
 */
public final class WorkerEventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerEventHandler.class);
    /** Metrics key under which the cumulative count of skipped garbled data records is kept. */
    public static final String SKIPPED_RECORDS = "skipped_records";

    private final Clock clock;
    private final JobStateStore jobs;
    private final WorkerRegistry workers;
    private final ModelReleases releases;
    private final ModelTargets targets;
    private final CoordinatorMetrics metrics;
    private final WorkerExecutor blocking;
    private final JobScheduler scheduler;

    public WorkerEventHandler(Clock clock, JobStateStore jobs, WorkerRegistry workers, ModelReleases releases,
            ModelTargets targets, CoordinatorMetrics metrics, WorkerExecutor blocking, JobScheduler scheduler) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.jobs = jobs;
        this.workers = workers;
        this.releases = releases;
        this.targets = targets;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    public Future<?> onRecord(ConsumerRecord<String, byte[]> record) {
        WorkerEvent event;
        try {
            event = record.value() == null ? null : Json.read(record.value(), WorkerEvent.class);
        } catch (IllegalArgumentException e) {
            event = null;
        }
        if (event == null || event.type() == null) {
            LOG.warn("skipping unreadable worker event at {}-{}@{} ({} bytes)", record.topic(), record.partition(),
                    record.offset(), record.value() == null ? 0 : record.value().length);
            metrics.recordIgnored(Topics.EVENTS, "undecodable");
            return Future.succeededFuture();
        }
        return onEvent(event);
    }

    public Future<?> onEvent(WorkerEvent e) {
        if (e.type() == null) {
            metrics.recordIgnored(Topics.EVENTS, "undecodable");
            return Future.succeededFuture();
        }
        if (e.type() == WorkerEvent.Type.HEARTBEAT) {
            Double capacity = e.metrics() == null ? null : e.metrics().get("capacity");
            workers.heartbeat(e.worker(), e.message(), capacity == null ? 1 : capacity.intValue());
            return Future.succeededFuture();
        }
        workers.seen(e.worker());
        if (e.jobId() == null) {
            return Future.succeededFuture();
        }
        Optional<JobState> found = jobs.get(e.jobId());
        if (found.isEmpty()) {
            LOG.warn("ignoring {} event from {} for unknown job {}", e.type(), e.worker(), shorten(e.jobId()));
            metrics.recordIgnored(Topics.EVENTS, "unknown_job");
            return Future.succeededFuture();
        }
        JobState job = found.get();
        if (job.state().isTerminal()) {
            LOG.debug("ignoring {} event for job {} which is already {}", e.type(), job.id(), job.state());
            return Future.succeededFuture();
        }
        if (job.attempt() > 0 && e.attempt() != job.attempt()) {
            // a re-delivered or stale command's run (a worker declared lost, then back): not this job's story
            LOG.info("ignoring {} event of job {} attempt {} from {}: the current attempt is {}", e.type(), job.id(),
                    e.attempt(), e.worker(), job.attempt());
            // an attempt never assigned (from the future) is a bug or a forgery, an older one a late straggler
            metrics.recordIgnored(Topics.EVENTS, e.attempt() > job.attempt() ? "unknown_attempt" : "stale_attempt");
            return Future.succeededFuture();
        }
        if (job.state() == JobStatus.QUEUED && job.attempt() > 0 && job.worker() == null) {
            // The attempt was withdrawn (its worker declared lost) and the job waits for its next one: late events
            // of the withdrawn attempt (buffered by a worker that was only cut off) must not make it RUNNING again.
            LOG.info("ignoring {} event of job {} attempt {} from {}: that attempt was withdrawn", e.type(), job.id(),
                    e.attempt(), e.worker());
            metrics.recordIgnored(Topics.EVENTS, "stale_attempt");
            return Future.succeededFuture();
        }
        JobProgress p = e.progress();
        long knownMax = job.progress().maxSteps();
        if (p != null && ((p.maxSteps() > 0 && (p.step() > p.maxSteps() || p.step() < 0))
                || (knownMax > 0 && p.step() > knownMax))) {
            LOG.warn("ignoring {} event of job {} from {}: step {} is outside 0..{}", e.type(), job.id(), e.worker(),
                    p.step(), knownMax > 0 ? knownMax : p.maxSteps());
            metrics.recordIgnored(Topics.EVENTS, "impossible_step");
            return Future.succeededFuture();
        }
        long now = clock.millis();
        String worker = e.worker() != null ? e.worker() : job.worker();
        switch (e.type()) {
            case STARTED, PROGRESS -> {
                JobState next = job.withProgress(e.progress() != null ? e.progress() : job.progress(), worker, now);
                return jobs.put(job.state() == JobStatus.EXPORTING ? next : next.withState(JobStatus.RUNNING, now));
            }
            case VALIDATION -> {
                Map<String, Double> m = new HashMap<>(job.metrics());
                m.putAll(e.metrics());
                JobState next = job.withMetrics(m, now);
                return jobs.put(next.state() == JobStatus.QUEUED ? next.withState(JobStatus.RUNNING, now) : next);
            }
            case CHECKPOINT -> {
                LOG.info("job {} checkpoint by {}: {}", job.id(), worker, e.path());
                scheduler.checkpointed(job, e.attempt(), e.path());
                JobState next = e.progress() == null ? job : job.withProgress(e.progress(), worker, now);
                return next == job ? Future.succeededFuture() : jobs.put(next);
            }
            case RECORD_SKIPPED -> {
                Map<String, Double> m = new HashMap<>(job.metrics());
                double before = m.getOrDefault(SKIPPED_RECORDS, 0.0);
                if (e.skippedRecords() > before) {
                    metrics.recordsSkipped((long) (e.skippedRecords() - before));
                    m.put(SKIPPED_RECORDS, (double) e.skippedRecords());
                    LOG.warn("job {}: worker {} skipped {} garbled data records so far ({})", job.id(), worker,
                            e.skippedRecords(), e.message());
                    return jobs.put(job.withMetrics(m, now));
                }
                return Future.succeededFuture();
            }
            case EXPORTING -> {
                return jobs.put(job.withProgress(job.progress(), worker, now).withState(JobStatus.EXPORTING, now));
            }
            case COMPLETED -> {
                return complete(job, e, worker, now);
            }
            case FAILED -> {
                targets.forget(job.id());
                scheduler.stopReplicas(job, e.worker());
                scheduler.forget(job.id());
                String msg = e.message() == null || e.message().isBlank() ? "the worker reported a failure" : e.message();
                return jobs.put(job.withProgress(job.progress(), worker, now).failed(new JobError("", msg), now));
            }
            default -> {
                return Future.succeededFuture();
            }
        }
    }

    private Future<?> complete(JobState job, WorkerEvent e, String worker, long now) {
        ModelTargets.Target target = targets.of(job);
        targets.forget(job.id());
        scheduler.forget(job.id());
        String dir = e.path() != null ? e.path() : job.artifacts();
        String artifacts = job.artifacts() != null ? job.artifacts() : dir;
        if (!target.serve() || dir == null) {
            JobState done = job.withProgress(job.progress(), worker, now).withArtifacts(artifacts, null, now);
            return jobs.put(done.withState(JobStatus.COMPLETED, now));
        }
        // the manifest names the sha256 serving verifies; reading it is file IO, so off the event loop
        return blocking.executeBlocking(() -> manifestSha(dir), false)
                .otherwise(err -> null)
                .compose(sha -> releases.publish(target.modelName(), job.id(), dir, sha, now))
                .compose(release -> jobs.put(job.withProgress(job.progress(), worker, now)
                        .withArtifacts(artifacts, release.name(), now).withState(JobStatus.COMPLETED, now)));
    }

    /** Ids come from any producer of the events topic: keep log lines short and printable. */
    private static String shorten(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }

    private static String manifestSha(String dir) {
        try {
            return ModelManifest.read(Path.of(dir)).sha256();
        } catch (RuntimeException ex) {
            LOG.warn("model directory {} has no readable manifest ({}); releasing without sha256", dir, ex.getMessage());
            return null;
        }
    }
}
