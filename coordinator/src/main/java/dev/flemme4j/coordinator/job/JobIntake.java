package dev.flemme4j.coordinator.job;

import dev.flemme4j.coordinator.dataset.DatasetCatalog;
import dev.flemme4j.coordinator.dataset.DatasetIngestor;
import dev.flemme4j.coordinator.dataset.DatasetPlan;
import dev.flemme4j.coordinator.http.CoordinatorMetrics;
import dev.flemme4j.protocol.job.DatasetIngestion;
import dev.flemme4j.protocol.job.JobError;
import dev.flemme4j.protocol.job.JobProgress;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one record of the jobs topic through SUBMITTED → (REJECTED | INGESTING → QUEUED): id, payload check,
 * validation, dataset ingestion (or reuse), TRAIN command. Runs on the coordinator's context; YAML parsing, file
 * IO and ingestion go to the blocking executor. A bad job ends REJECTED and never stops the intake.
 */
public final class JobIntake {
    private static final Logger LOG = LoggerFactory.getLogger(JobIntake.class);
    private static final long PROGRESS_EVERY_MS = 1000;

    private final Context context;
    private final Clock clock;
    private final JobIds ids;
    private final JobStateStore jobs;
    private final JobValidator validator;
    private final DatasetCatalog datasets;
    private final DatasetIngestor ingestor;
    private final JobScheduler scheduler;
    private final ModelTargets targets;
    private final CoordinatorMetrics metrics;
    private final WorkerExecutor blocking;
    private final Set<String> retryable = new HashSet<>();
    /** Datasets being ingested now, by id; touched on the context only. */
    private final java.util.Map<String, Future<DatasetIngestion>> ingesting = new java.util.HashMap<>();

    public JobIntake(Context context, Clock clock, JobIds ids, JobStateStore jobs, JobValidator validator,
            DatasetCatalog datasets, DatasetIngestor ingestor, JobScheduler scheduler, ModelTargets targets,
            CoordinatorMetrics metrics, WorkerExecutor blocking) {
        this.context = context;
        this.clock = clock;
        this.ids = ids;
        this.jobs = jobs;
        this.validator = validator;
        this.datasets = datasets;
        this.ingestor = ingestor;
        this.scheduler = scheduler;
        this.targets = targets;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    /** Handles one record of the jobs topic; the future completes when the job is QUEUED, REJECTED or FAILED. */
    public Future<JobState> onRecord(ConsumerRecord<String, byte[]> record) {
        if (JobIds.isBlank(record.key())) {
            String id = JobIds.ofRecord(record.partition(), record.offset(), record.timestamp());
            Optional<JobState> seen = jobs.get(id);
            if (seen.isPresent() && !retryable.remove(id)) {
                // the same unkeyed record again (read before a restart, not yet committed): it has its job already
                LOG.info("job {} is already {}; ignoring a second delivery of its unkeyed submission", id,
                        seen.get().state());
                return Future.succeededFuture(seen.get());
            }
            return process(id, null, record.value());
        }
        return submit(record.key(), record.value());
    }

    /**
     * Jobs a restarted coordinator found half-way (SUBMITTED or INGESTING, now FAILED as interrupted): a
     * redelivery of their submission is processed again under the same id instead of being refused.
     */
    public void retryOnRedelivery(String id) {
        retryable.add(id);
    }

    public Future<JobState> submit(String key, byte[] value) {
        String badKey = null;
        String id;
        if (JobIds.isBlank(key)) {
            id = ids.next(jobs::contains);
        } else if (!JobIds.isValid(key)) {
            badKey = key;
            id = ids.next(jobs::contains);
        } else {
            id = key;
            Optional<JobState> existing = jobs.get(id);
            boolean retry = retryable.remove(id);
            if (!retry && existing.isPresent() && !existing.get().state().isTerminal()) {
                JobState e = existing.get();
                if (scheduler.knows(id) || e.state() != JobStatus.QUEUED || e.attempt() > 0) {
                    // at-least-once delivery: the same submission again while the job is already on its way
                    LOG.info("job {} is already {}; ignoring a second delivery of its submission", id,
                            existing.get().state());
                    return Future.succeededFuture(existing.get());
                }
                // A restarted coordinator lost the queue entry of a never-assigned job whose submission was not
                // committed yet: the redelivery is its YAML again, so it is validated and queued again, same id.
                LOG.info("job {} is {} but not in this coordinator's queue; processing its redelivered submission",
                        id, existing.get().state());
                retry = true;
            }
            if (!retry && existing.isPresent() && existing.get().state() != JobStatus.REJECTED) {
                return refuseReuse(existing.get());
            }
        }
        return process(id, badKey, value);
    }

    private Future<JobState> process(String id, String invalidKey, byte[] value) {
        metrics.jobSubmitted();
        JobState submitted = JobState.submitted(id, null, clock.millis());
        String yaml;
        try {
            if (invalidKey != null) {
                throw new JobRejection(RejectReason.PAYLOAD, "", "the record key '" + shorten(invalidKey)
                        + "' is not a valid job id (1-128 letters, digits, '.', '_', '-'); leave the key empty to get one assigned");
            }
            yaml = JobPayload.text(value);
        } catch (JobRejection r) {
            // Garbage (binary, empty, oversized) is refused before any state write: one REJECTED record per bad
            // submission instead of SUBMITTED then REJECTED, each a round trip to the broker.
            metrics.jobRejected(r.reason());
            targets.forget(id);
            return jobs.put(submitted.rejected(r.toError(), clock.millis()));
        }
        return jobs.put(submitted)
                .compose(s -> blocking.executeBlocking(() -> validator.validate(id, yaml), false))
                .compose(this::ingestAndQueue)
                .recover(error -> end(id, error));
    }

    /**
     * A job that ran owns its artifacts (checkpoints, maybe a served model): a new submission under its id would
     * overwrite them, so it is refused. The finished job keeps its state; the refusal is added to its warnings
     * (the submission's own record has nowhere else to live without replacing the job's). A REJECTED job never ran
     * and may be resubmitted under the same id.
     */
    private Future<JobState> refuseReuse(JobState finished) {
        String note = "job.id: a new submission under '" + finished.id() + "' was refused: that job already ended "
                + finished.state() + " and its artifacts are kept; submit with another record key (or none, to get a new id)";
        LOG.warn("{}", note);
        List<String> warnings = new java.util.ArrayList<>(finished.warnings());
        warnings.add(note);
        return jobs.put(finished.withWarnings(warnings));
    }

    private Future<JobState> ingestAndQueue(ValidatedJob job) {
        targets.remember(job);
        JobState current = jobs.get(job.id()).orElseThrow();
        JobState ingesting = current.withName(job.spec().job().name()).withWarnings(job.spec().warnings())
                .withState(JobStatus.INGESTING, clock.millis());
        return jobs.put(ingesting)
                .compose(s -> dataset(job))
                .compose(data -> {
                    if (jobs.get(job.id()).map(s -> s.state() == JobStatus.CANCELLED).orElse(false)) {
                        LOG.info("job {} was cancelled while its dataset was ingested; not queued", job.id());
                        return Future.succeededFuture(jobs.get(job.id()).orElseThrow());
                    }
                    JobState queued = jobs.get(job.id()).orElseThrow()
                            .withProgress(JobProgress.none(), null, clock.millis())
                            .withArtifacts(scheduler.artifactDir(job.id()).toString(), null, clock.millis())
                            .withState(JobStatus.QUEUED, clock.millis());
                    // state first (in memory at once): a fast worker's first event must find the job QUEUED
                    Future<JobState> stored = jobs.put(queued);
                    return scheduler.schedule(job, data).compose(cmd -> stored);
                });
    }

    private Future<DatasetIngestion> dataset(ValidatedJob job) {
        String stream = job.spec().loader().dataset().streamTopic();
        if (stream != null) {
            // nothing to ingest: the worker reads the user's topic as the producer writes it (0 records: no epochs)
            return Future.succeededFuture(new DatasetIngestion("stream." + stream, stream, 0, null, 0, clock.millis()));
        }
        DatasetPlan plan = job.dataset();
        Optional<DatasetIngestion> known = datasets.find(plan.datasetId());
        if (known.isPresent()) {
            LOG.info("job {} reuses dataset {} ({} train / {} val records), already ingested", job.id(), plan.datasetId(),
                    known.get().trainRecords(), known.get().valRecords());
            return Future.succeededFuture(known.get());
        }
        Future<DatasetIngestion> running = ingesting.get(plan.datasetId());
        if (running != null) {
            // submissions are handled side by side: a second job on a dataset being ingested waits for that one
            LOG.info("job {} waits for dataset {}, being ingested for another job", job.id(), plan.datasetId());
            return running;
        }
        AtomicLong lastReport = new AtomicLong();
        Future<DatasetIngestion> ingested = blocking.executeBlocking(() -> ingestor.ingest(plan, (done, total) -> {
            long now = clock.millis();
            if (done == total || now - lastReport.get() >= PROGRESS_EVERY_MS) {
                lastReport.set(now);
                context.runOnContext(v -> reportIngestion(job.id(), done, total));
            }
        }), false)
                .onSuccess(d -> metrics.recordsIngested(d.trainRecords() + d.valRecords()))
                .compose(datasets::record)
                .onComplete(ar -> ingesting.remove(plan.datasetId()));
        ingesting.put(plan.datasetId(), ingested);
        return ingested;
    }

    /**
     * Cancels a job in whatever non-terminal state it is: out of the queue, or a CANCEL to the worker training
     * it; the state is CANCELLED at once (the worker's later events for it are ignored as for any finished job).
     */
    public Future<JobState> cancel(String id) {
        Optional<JobState> found = jobs.get(id);
        if (found.isEmpty() || found.get().state().isTerminal()) {
            return found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture("no job " + id));
        }
        JobState job = found.get();
        targets.forget(id);
        JobState cancelled = job.withState(JobStatus.CANCELLED, clock.millis());
        Future<JobState> stored = jobs.put(cancelled);
        LOG.info("job {} cancelled while {}", id, job.state());
        return scheduler.cancel(job).compose(v -> stored);
    }

    private void reportIngestion(String id, long done, long total) {
        jobs.get(id).filter(s -> s.state() == JobStatus.INGESTING).ifPresent(s -> jobs.put(s.withProgress(
                new JobProgress(0, 0, done, total, Double.NaN, 0, 0), s.worker(), clock.millis())));
    }

    private Future<JobState> end(String id, Throwable error) {
        JobState current = jobs.get(id).orElseGet(() -> JobState.submitted(id, null, clock.millis()));
        if (error instanceof JobRejection r) {
            metrics.jobRejected(r.reason());
            targets.forget(id);
            return jobs.put(current.rejected(r.toError(), clock.millis()));
        }
        LOG.error("job {} failed inside the coordinator", id, error);
        targets.forget(id);
        return jobs.put(current.failed(new JobError("", "coordinator error: " + error), clock.millis()));
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
