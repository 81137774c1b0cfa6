package dev.flemme4j.serving;

import ai.onnxruntime.OrtEnvironment;
import dev.flemme4j.observability.HealthRouter;
import dev.flemme4j.observability.JvmProcessMetrics;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.api.InferenceMetrics;
import dev.flemme4j.serving.batching.InferenceExecutor;
import dev.flemme4j.serving.http.ServingVerticle;
import dev.flemme4j.serving.inference.InferenceService;
import dev.flemme4j.serving.model.LoadSettings;
import dev.flemme4j.serving.model.ModelDirectoryWatcher;
import dev.flemme4j.serving.model.ModelRegistry;
import dev.flemme4j.serving.model.TrustedRoots;
import dev.flemme4j.serving.sampling.SampleService;
import dev.flemme4j.serving.task.Classifier;
import dev.flemme4j.serving.task.Reconstructor;
import dev.flemme4j.serving.task.RequestInputs;
import dev.flemme4j.serving.task.Segmenter;
import dev.flemme4j.serving.task.TaskRunners;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the serving role: {@link #start(Vertx, ServingOptions)} loads the models under the models
 * root, starts HTTP and the directory poller, and hands back the running server.
 *
 * <pre>{@code
 * ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(dir).withPort(8090))
 *     .onSuccess(s -> log.info("port {}", s.port()));
 * server.loadModel(jobModelDir);   // when a training job has exported a model
 * }</pre>
 */
public final class ServingServer {

    private static final Logger LOG = LoggerFactory.getLogger(ServingServer.class);

    private final Vertx vertx;
    private final ServingOptions options;
    private final PrometheusMeterRegistry meters;
    private final HealthRouter health;
    private final JvmProcessMetrics jvmMetrics = new JvmProcessMetrics();
    private final ModelRegistry registry;
    private final InferenceExecutor executor;
    private final ModelDirectoryWatcher watcher;
    private InferenceService service;
    private SampleService sampling;
    private String deploymentId;
    private int port = -1;
    private long pollTimer = -1;

    private ServingServer(Vertx vertx, ServingOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.meters = options.meterRegistry() != null ? options.meterRegistry() : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        jvmMetrics.bindTo(meters);
        this.health = new HealthRouter(meters);
        // One environment per process (ORT's own rule); it lives as long as the JVM.
        this.registry = new ModelRegistry(OrtEnvironment.getEnvironment(), options.device(), meters,
                new LoadSettings(options.ortIntraOpThreads(), options.inferenceThreads(), options::batchingFor, options.ortTimeout()));
        this.executor = new InferenceExecutor(options.inferenceThreads(), options.inferenceQueue());
        this.watcher = new ModelDirectoryWatcher(options.modelsRoot(), registry);
    }

    /** Starts serving; the future holds the server once HTTP listens (port 0 → {@link #port()} tells which). */
    public static Future<ServingServer> start(Vertx vertx, ServingOptions options) {
        ServingServer server = new ServingServer(vertx, options);
        return server.startInternal().map(server).recover(e -> {
            server.releaseResources();
            return Future.failedFuture(e);
        });
    }

    private Future<Void> startInternal() {
        RequestInputs inputs = new RequestInputs(ImageCodec.withMaxPixels(Math.min(ImageCodec.DEFAULT_MAX_PIXELS, options.maxTensorElements())),
                TensorRecordCodec.withMaxRecordBytes(Math.max(options.maxBodyBytes(), TensorRecordCodec.standard().maxRecordBytes())),
                options.maxTensorElements());
        InferenceMetrics metrics = new InferenceMetrics(meters);
        TaskRunners runners = new TaskRunners(List.of(new Segmenter(inputs), new Classifier(inputs), new Reconstructor(inputs)));
        this.service = new InferenceService(registry, executor, runners, metrics, options.requestTimeout());
        this.sampling = new SampleService(registry, OrtEnvironment.getEnvironment(), 1, options.inferenceQueue(), options.maxSamples());
        ServingVerticle verticle = new ServingVerticle(options, registry, service, metrics, health, sampling);
        return vertx.executeBlocking(watcher::scan, false)
                .compose(n -> vertx.deployVerticle(verticle))
                .map(id -> {
                    deploymentId = id;
                    port = verticle.port();
                    if (options.modelsRoot() != null && !options.modelPollInterval().isZero()) {
                        pollTimer = vertx.setPeriodic(options.modelPollInterval().toMillis(), t -> pollModels());
                    }
                    LOG.info("serving started on port {} with {} model(s) from {}", port, registry.size(), options.modelsRoot());
                    return null;
                });
    }

    private void pollModels() {
        vertx.executeBlocking(watcher::scan, false)
                .onFailure(e -> LOG.warn("scanning {} failed: {}", options.modelsRoot(), e.getMessage()));
    }

    /** The bound HTTP port. */
    public int port() {
        return port;
    }

    /** The live model registry; {@link ModelRegistry#load} there blocks, {@link #loadModel} does not. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The transport-independent inference core (what the Kafka endpoint calls). */
    public InferenceService inference() {
        return service;
    }

    /** The transport-independent sampling core (what the Kafka endpoint calls for {@code flemme-endpoint: sample}). */
    public SampleService sampling() {
        return sampling;
    }

    /** Where release records may point: the artifact root and the models root (those configured). */
    public TrustedRoots trustedRoots() {
        return new TrustedRoots(java.util.Arrays.asList(options.artifactRoot(), options.modelsRoot()));
    }

    public ServingOptions options() {
        return options;
    }

    /** The /health and /metrics of this server: register internal loops (the release listener) with it. */
    public HealthRouter health() {
        return health;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return meters;
    }

    /** Loads or replaces the model in {@code modelDir} off the event loop (sha256 checked first). */
    public Future<ModelManifest> loadModel(Path modelDir) {
        return vertx.executeBlocking(() -> registry.load(modelDir), false);
    }

    /** Stops HTTP and polling, waits for running inferences, closes every session. */
    public Future<Void> close() {
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        Future<Void> undeploy = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        return undeploy.eventually(() -> vertx.executeBlocking(() -> {
            releaseResources();
            return null;
        }, false)).mapEmpty();
    }

    private void releaseResources() {
        if (sampling != null) {
            sampling.close();
        }
        executor.close();
        registry.close();
        jvmMetrics.close();
    }
}
