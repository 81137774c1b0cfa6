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

    public static final String PHASE_METER = "flemme.infer.phase";
    public static final String BODY_READ = "body_read";
    public static final String CPU_QUEUE = "cpu_queue";
    public static final String DECODE = "decode";
    public static final String BATCH_WAIT = "batch_wait";
    public static final String ORT_RUN = "ort_run";
    public static final String ENCODE = "encode";
    public static final String REPLY_HOP = "reply_hop";
    public static final String WRITE = "write";

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

    /**
     * Time one request spent in one phase of its way through the server, {@code flemme_infer_phase_seconds}:
     * {@value #BODY_READ}, {@value #CPU_QUEUE} (each hand-off to the decode/encode pool), {@value #DECODE},
     * {@value #BATCH_WAIT}, {@value #ORT_RUN} (per batch), {@value #ENCODE}, {@value #REPLY_HOP} (back to the
     * event loop) and {@value #WRITE}. They tell where the time between bytes in and bytes out goes.
     */
    public void phase(String model, String phase, long nanos) {
        Timer.builder(PHASE_METER)
                .description("Server-side time of one phase of an inference request")
                .tags("model", model, "phase", phase)
                .publishPercentileHistogram()
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void failed(String model, String endpoint, ErrorReason reason) {
        Counter.builder("flemme.infer.errors")
                .description("Inference requests that failed, by reason")
                .tags("model", model, "endpoint", endpoint, "reason", reason.tag())
                .register(meters).increment();
    }
}
