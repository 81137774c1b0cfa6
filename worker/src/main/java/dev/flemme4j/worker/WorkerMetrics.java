package dev.flemme4j.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The worker's Prometheus meters. Labels are bounded: job and worker only (a worker runs one job at a time, and
 * jobs are few), never a record or request id.
 */
public final class WorkerMetrics {
    private final MeterRegistry registry;
    private final String worker;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry, String worker) {
        this.registry = registry;
        this.worker = worker;
    }

    void recordStep(String job, double seconds, int batchSize, float loss, float lr) {
        Timer.builder("flemme_train_step").description("Time of one optimisation step (forward, backward, update)")
                .tags("job", job, "worker", worker).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry).record(Duration.ofNanos((long) (seconds * 1e9)));
        Counter.builder("flemme_train_samples").description("Training samples consumed")
                .tags("job", job, "worker", worker).register(registry).increment(batchSize);
        DistributionSummary.builder("flemme_train_batch_size").tags("job", job, "worker", worker).register(registry)
                .record(batchSize);
        gauge("flemme_train_loss", job, null, loss);
        gauge("flemme_train_learning_rate", job, null, lr);
    }

    void recordValidation(String job, Map<String, Double> scores) {
        scores.forEach((metric, value) -> gauge("flemme_validation_metric", job, metric, value));
    }

    void recordCheckpoint(String job, double seconds) {
        Timer.builder("flemme_checkpoint").description("Time to write a checkpoint").tags("job", job, "worker", worker)
                .register(registry).record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    void recordSkipped(String job) {
        Counter.builder("flemme_data_records_skipped").description("Garbled data records skipped")
                .tags("job", job, "worker", worker).register(registry).increment();
    }

    private void gauge(String name, String job, String metric, double value) {
        String key = name + "|" + job + "|" + metric;
        AtomicReference<Double> ref = gauges.computeIfAbsent(key, k -> {
            AtomicReference<Double> r = new AtomicReference<>(value);
            Gauge.Builder<AtomicReference<Double>> b = Gauge.builder(name, r, AtomicReference::get)
                    .tags("job", job, "worker", worker);
            if (metric != null) {
                b.tag("metric", metric);
            }
            b.register(registry);
            return r;
        });
        ref.set(value);
    }
}
