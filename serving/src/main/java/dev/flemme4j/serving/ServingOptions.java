package dev.flemme4j.serving;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of one serving process.
 *
 * @param modelsRoot        directory whose subdirectories are model dirs (manifest.json + model.onnx); null = none
 * @param host              interface to bind
 * @param port              HTTP port; 0 picks a free one (tests)
 * @param maxBodyBytes      largest request body; bigger ones get 413
 * @param inferenceThreads  threads running decode + ORT + encode
 * @param inferenceQueue    requests that may wait for a thread before new ones get 503
 * @param device            {@code cpu}, {@code cuda:N} or {@code auto}
 * @param modelPollInterval how often to look for new model dirs under {@code modelsRoot}; zero = only at start
 * @param meterRegistry     registry to publish to (e.g. shared with Vert.x metrics); null = a new one
 */
public record ServingOptions(
        Path modelsRoot,
        String host,
        int port,
        long maxBodyBytes,
        int inferenceThreads,
        int inferenceQueue,
        ExecutionDevice device,
        Duration modelPollInterval,
        PrometheusMeterRegistry meterRegistry) {

    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public ServingOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid value " + port + " for port: must be in [0, 65535]");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("Invalid value " + maxBodyBytes + " for maxBodyBytes: must be positive");
        }
        if (inferenceThreads <= 0 || inferenceQueue <= 0) {
            throw new IllegalArgumentException("inferenceThreads and inferenceQueue must be positive, got " + inferenceThreads + " and " + inferenceQueue);
        }
        host = host == null ? DEFAULT_HOST : host;
        device = device == null ? ExecutionDevice.CPU_DEVICE : device;
        modelPollInterval = modelPollInterval == null ? Duration.ZERO : modelPollInterval;
    }

    /** Port 8090 on 127.0.0.1 (local only), 16 MiB bodies, min(cores, 4) inference threads, CPU, poll every 5 s. */
    public static ServingOptions defaults() {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
        return new ServingOptions(null, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, threads, 64, ExecutionDevice.CPU_DEVICE,
                Duration.ofSeconds(5), null);
    }

    public ServingOptions withModelsRoot(Path modelsRoot) {
        return new ServingOptions(modelsRoot, host, port, maxBodyBytes, inferenceThreads, inferenceQueue, device, modelPollInterval, meterRegistry);
    }

    public ServingOptions withHost(String host) {
        return new ServingOptions(modelsRoot, host, port, maxBodyBytes, inferenceThreads, inferenceQueue, device, modelPollInterval, meterRegistry);
    }

    public ServingOptions withPort(int port) {
        return new ServingOptions(modelsRoot, host, port, maxBodyBytes, inferenceThreads, inferenceQueue, device, modelPollInterval, meterRegistry);
    }

    public ServingOptions withMaxBodyBytes(long maxBodyBytes) {
        return new ServingOptions(modelsRoot, host, port, maxBodyBytes, inferenceThreads, inferenceQueue, device, modelPollInterval, meterRegistry);
    }

    public ServingOptions withInference(int threads, int queue) {
        return new ServingOptions(modelsRoot, host, port, maxBodyBytes, threads, queue, device, modelPollInterval, meterRegistry);
    }

    /** {@code cpu}, {@code cuda:N} or {@code auto}. */
    public ServingOptions withDevice(String device) {
        return new ServingOptions(modelsRoot, host, port, maxBodyBytes, inferenceThreads, inferenceQueue, ExecutionDevice.parse(device),
                modelPollInterval, meterRegistry);
    }

    public ServingOptions withModelPollInterval(Duration interval) {
        return new ServingOptions(modelsRoot, host, port, maxBodyBytes, inferenceThreads, inferenceQueue, device, interval, meterRegistry);
    }

    public ServingOptions withMeterRegistry(PrometheusMeterRegistry registry) {
        return new ServingOptions(modelsRoot, host, port, maxBodyBytes, inferenceThreads, inferenceQueue, device, modelPollInterval, registry);
    }
}
