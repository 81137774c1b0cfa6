package dev.flemme4j.coordinator.http;

import dev.flemme4j.coordinator.job.JobStateStore;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.observability.JvmProcessMetrics;
import dev.flemme4j.protocol.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The coordinator's meters. Label values come from fixed enums (job states, reject reasons), never from user
 * input, so the number of series stays bounded whatever is submitted.
 */
public final class CoordinatorMetrics implements AutoCloseable {
    private final Counter submitted;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter ingestedRecords;
    private final Counter skippedRecords;
    private final Counter workersLost;
    private final Counter reassigned;
    private final MeterRegistry ignoredRegistry;
    private final JvmProcessMetrics jvm = new JvmProcessMetrics();
    private final MeterRegistry registry;
    private final java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();

    public CoordinatorMetrics(MeterRegistry registry, JobStateStore jobs, WorkerRegistry workers) {
        this.registry = registry;
        jvm.bindTo(registry); // first: its meter filters must see every meter
        submitted = Counter.builder("flemme.jobs.submitted").description("Jobs read from the jobs topic").register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder("flemme.jobs.rejected").description("Jobs rejected by validation, by reason")
                    .tag("reason", r.label()).register(registry));
        }
        for (JobStatus s : JobStatus.values()) {
            meters.add(Gauge.builder("flemme.jobs", jobs, j -> j.countByStatus().get(s)).description("Jobs by current state")
                    .tag("state", s.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        ingestedRecords = Counter.builder("flemme.dataset.ingested.records")
                .description("Sample records written to data topics").register(registry);
        skippedRecords = Counter.builder("flemme.worker.skipped.records")
                .description("Garbled data records workers reported as skipped").register(registry);
        workersLost = Counter.builder("flemme.workers.lost").description("Workers declared lost after heartbeat_timeout")
                .register(registry);
        reassigned = Counter.builder("flemme.jobs.reassigned").description("Job attempts re-assigned to another worker")
                .register(registry);
        ignoredRegistry = registry;
        meters.add(Gauge.builder("flemme.workers.alive", workers, WorkerRegistry::alive)
                .description("Workers heard from recently (heartbeat or any event)").register(registry));
    }

    public void jobSubmitted() {
        submitted.increment();
    }

    public void jobRejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void recordsIngested(long n) {
        ingestedRecords.increment(n);
    }

    public void workerLost() {
        workersLost.increment();
    }

    public void jobReassigned() {
        reassigned.increment();
    }

    /** A worker event or command record that was read and ignored (undecodable, stale attempt, impossible step). */
    public void recordIgnored(String topic, String reason) {
        Counter.builder("flemme.records.ignored").description("Records read and ignored, by topic and reason")
                .tag("topic", topic).tag("reason", reason).register(ignoredRegistry).increment();
    }

    public void recordsSkipped(long n) {
        skippedRecords.increment(n);
    }

    @Override
    public void close() {
        // gauges hold this coordinator's stores: drop them so a restarted coordinator on a shared registry
        // registers its own instead of finding these
        meters.forEach(registry::remove);
        jvm.close();
    }
}
