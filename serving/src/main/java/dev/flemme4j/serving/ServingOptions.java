package dev.flemme4j.serving;

import dev.flemme4j.observability.auth.BearerTokens;
import dev.flemme4j.serving.batching.BatchPolicy;
import dev.flemme4j.serving.ort.ExecutionDevice;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings of one serving process; immutable, built from {@link #defaults()} with the {@code with...} methods.
 *
 * <ul>
 *   <li>{@code modelsRoot}: directory whose subdirectories are model dirs (manifest.json + model.onnx); null = none.
 *   <li>{@code artifactRoot}: where training jobs export; a release record from Kafka is loaded only when its
 *       directory resolves (symlinks followed) inside this root or {@code modelsRoot}.
 *   <li>{@code host}/{@code port}: bind address (127.0.0.1 by default) and port (0 = any free one).
 *   <li>{@code maxBodyBytes}: larger bodies get 413; {@code maxTensorElements}: larger decoded inputs get 413.
 *   <li>{@code maxSamples}: the most samples one {@code /sample} request (HTTP or Kafka) may ask for; more get 400 naming {@code n}.
 *   <li>{@code inferenceThreads}/{@code inferenceQueue}: the decode/encode pool and its queue (full → 503).
 *   <li>{@code batching}: the {@link BatchPolicy} of every model, unless {@code batchingFor} names one.
 *   <li>{@code requestTimeout}: a request not answered by then gets 504; {@code ortTimeout}: an ORT run still going
 *       after it is terminated.
 *   <li>{@code ortIntraOpThreads}: threads of one ORT run (0 = ORT's default, all cores).
 *   <li>{@code tokens}: bearer tokens every route but /health requires; null = no authentication.
 *   <li>{@code tls}: HTTPS key material; null = plain HTTP.
 * </ul>
 */
public final class ServingOptions {

    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_MAX_TENSOR_ELEMENTS = 32L * 1024 * 1024;
    public static final int DEFAULT_MAX_SAMPLES = 64;
    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private Path modelsRoot;
    private Path artifactRoot;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private long maxTensorElements = DEFAULT_MAX_TENSOR_ELEMENTS;
    private int maxSamples = DEFAULT_MAX_SAMPLES;
    private int inferenceThreads;
    private int inferenceQueue = 256;
    private ExecutionDevice device = ExecutionDevice.CPU_DEVICE;
    private Duration modelPollInterval = Duration.ofSeconds(5);
    private PrometheusMeterRegistry meterRegistry;
    private BatchPolicy batching = BatchPolicy.DEFAULT;
    private Map<String, BatchPolicy> batchingByModel = Map.of();
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration ortTimeout = Duration.ofSeconds(20);
    private int ortIntraOpThreads;
    private BearerTokens tokens;
    private TlsOptions tls;

    private ServingOptions() {
    }

    private ServingOptions copy() {
        ServingOptions o = new ServingOptions();
        o.modelsRoot = modelsRoot;
        o.artifactRoot = artifactRoot;
        o.host = host;
        o.port = port;
        o.maxBodyBytes = maxBodyBytes;
        o.maxTensorElements = maxTensorElements;
        o.maxSamples = maxSamples;
        o.inferenceThreads = inferenceThreads;
        o.inferenceQueue = inferenceQueue;
        o.device = device;
        o.modelPollInterval = modelPollInterval;
        o.meterRegistry = meterRegistry;
        o.batching = batching;
        o.batchingByModel = batchingByModel;
        o.requestTimeout = requestTimeout;
        o.ortTimeout = ortTimeout;
        o.ortIntraOpThreads = ortIntraOpThreads;
        o.tokens = tokens;
        o.tls = tls;
        return o;
    }

    /** 127.0.0.1:8090, 16 MiB bodies, min(cores, 4) pool threads, CPU, poll every 5 s, batching on, no auth, no TLS. */
    public static ServingOptions defaults() {
        ServingOptions o = new ServingOptions();
        o.inferenceThreads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
        return o;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("Invalid value " + d + " for " + name + ": must be positive");
        }
        return d;
    }

    public Path modelsRoot() { return modelsRoot; }
    public Path artifactRoot() { return artifactRoot; }
    public String host() { return host; }
    public int port() { return port; }
    public long maxBodyBytes() { return maxBodyBytes; }

    public int maxSamples() { return maxSamples; }
    public long maxTensorElements() { return maxTensorElements; }
    public int inferenceThreads() { return inferenceThreads; }
    public int inferenceQueue() { return inferenceQueue; }
    public ExecutionDevice device() { return device; }
    public Duration modelPollInterval() { return modelPollInterval; }
    public PrometheusMeterRegistry meterRegistry() { return meterRegistry; }
    public Duration requestTimeout() { return requestTimeout; }
    public Duration ortTimeout() { return ortTimeout; }
    public int ortIntraOpThreads() { return ortIntraOpThreads; }
    public BearerTokens tokens() { return tokens; }
    public TlsOptions tls() { return tls; }

    /** The batch policy of {@code model}: its own if one was set, else the common one. */
    public BatchPolicy batchingFor(String model) {
        return batchingByModel.getOrDefault(model, batching);
    }

    public ServingOptions withModelsRoot(Path modelsRoot) {
        ServingOptions o = copy();
        o.modelsRoot = modelsRoot;
        return o;
    }

    public ServingOptions withArtifactRoot(Path artifactRoot) {
        ServingOptions o = copy();
        o.artifactRoot = artifactRoot;
        return o;
    }

    public ServingOptions withHost(String host) {
        ServingOptions o = copy();
        o.host = host == null ? DEFAULT_HOST : host;
        return o;
    }

    public ServingOptions withPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid value " + port + " for port: must be in [0, 65535]");
        }
        ServingOptions o = copy();
        o.port = port;
        return o;
    }

    public ServingOptions withMaxBodyBytes(long maxBodyBytes) {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("Invalid value " + maxBodyBytes + " for maxBodyBytes: must be positive");
        }
        ServingOptions o = copy();
        o.maxBodyBytes = maxBodyBytes;
        return o;
    }

    public ServingOptions withMaxTensorElements(long maxTensorElements) {
        if (maxTensorElements <= 0) {
            throw new IllegalArgumentException("Invalid value " + maxTensorElements + " for maxTensorElements: must be positive");
        }
        ServingOptions o = copy();
        o.maxTensorElements = maxTensorElements;
        return o;
    }

    public ServingOptions withMaxSamples(int maxSamples) {
        if (maxSamples <= 0) {
            throw new IllegalArgumentException("Invalid value " + maxSamples + " for maxSamples: must be positive");
        }
        ServingOptions o = copy();
        o.maxSamples = maxSamples;
        return o;
    }

    public ServingOptions withInference(int threads, int queue) {
        if (threads <= 0 || queue <= 0) {
            throw new IllegalArgumentException("inferenceThreads and inferenceQueue must be positive, got " + threads + " and " + queue);
        }
        ServingOptions o = copy();
        o.inferenceThreads = threads;
        o.inferenceQueue = queue;
        return o;
    }

    /** {@code cpu}, {@code cuda:N} or {@code auto}. */
    public ServingOptions withDevice(String device) {
        ServingOptions o = copy();
        o.device = ExecutionDevice.parse(device);
        return o;
    }

    public ServingOptions withModelPollInterval(Duration interval) {
        ServingOptions o = copy();
        o.modelPollInterval = interval == null ? Duration.ZERO : interval;
        return o;
    }

    public ServingOptions withMeterRegistry(PrometheusMeterRegistry registry) {
        ServingOptions o = copy();
        o.meterRegistry = registry;
        return o;
    }

    public ServingOptions withBatching(BatchPolicy policy) {
        ServingOptions o = copy();
        o.batching = policy;
        return o;
    }

    public ServingOptions withBatching(String model, BatchPolicy policy) {
        ServingOptions o = copy();
        Map<String, BatchPolicy> m = new HashMap<>(batchingByModel);
        m.put(model, policy);
        o.batchingByModel = Map.copyOf(m);
        return o;
    }

    public ServingOptions withTimeouts(Duration request, Duration ort) {
        ServingOptions o = copy();
        o.requestTimeout = positive(request, "request timeout");
        o.ortTimeout = positive(ort, "ORT timeout");
        return o;
    }

    public ServingOptions withOrtIntraOpThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("Invalid value " + threads + " for ORT intra-op threads: must be 0 (ORT default) or more");
        }
        ServingOptions o = copy();
        o.ortIntraOpThreads = threads;
        return o;
    }

    /** Require one of {@code tokens} on every route except /health; null turns authentication off. */
    public ServingOptions withTokens(BearerTokens tokens) {
        ServingOptions o = copy();
        o.tokens = tokens;
        return o;
    }

    public ServingOptions withTls(TlsOptions tls) {
        ServingOptions o = copy();
        o.tls = tls;
        return o;
    }
}
