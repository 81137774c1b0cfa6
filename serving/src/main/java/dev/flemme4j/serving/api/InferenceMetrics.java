package dev.flemme4j.serving.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Serving's request meters. Tags are bounded: {@code model} is a loaded model's name (or {@code unknown} for
 * names that are not loaded, which callers control), {@code endpoint} a fixed route name, {@code reason} an
 * {@link ErrorReason}. Never a request id.
 */
public final class InferenceMetrics {

    /** Model tag for requests naming no loaded model: client-chosen names must not become series. */
    public static final String UNKNOWN_MODEL = "unknown";

    private final MeterRegistry meters;

    public InferenceMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void requested(String model, String endpoint) {
        Counter.builder("flemme.infer.requests")
                .description("Inference requests received")
                .tags("model", model, "endpoint", endpoint)
                .register(meters).increment();
    }

    /** A successful request: its server-side latency and the batch size it carried. */
    public void succeeded(String model, String endpoint, long nanos, int batchSize) {
        Timer.builder("flemme.infer.latency")
                .description("Server-side latency of successful inference requests, body received to response ready")
                .tags("model", model, "endpoint", endpoint)
                .publishPercentileHistogram()
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
        DistributionSummary.builder("flemme.infer.batch.size")
                .description("Samples per inference call")
                .tags("model", model, "endpoint", endpoint)
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(1024.0)
                .register(meters).record(batchSize);
    }

    public void failed(String model, String endpoint, ErrorReason reason) {
        Counter.builder("flemme.infer.errors")
                .description("Inference requests that failed, by reason")
                .tags("model", model, "endpoint", endpoint, "reason", reason.tag())
                .register(meters).increment();
    }
}
