package dev.flemme4j.cli;

import dev.flemme4j.observability.auth.BearerTokens;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import dev.flemme4j.serving.TlsOptions;
import dev.flemme4j.serving.batching.BatchPolicy;
import dev.flemme4j.serving.kafka.KafkaInferenceEndpoint;
import dev.flemme4j.serving.model.ModelReleaseListener;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(defaultValueProvider = RoleDefaults.class, name = "serving", mixinStandardHelpOptions = true,
        header = "Serve exported models with ONNX Runtime over HTTP and Kafka.",
        description = {"Serve exported models with ONNX Runtime: POST /v1/models/NAME/{segment,classify,reconstruct}",
                "(PNG/JPEG or tensor record), GET /v1/models, /health, /metrics; and flemme.infer.requests ->",
                "flemme.infer.responses on Kafka. Loads every release announced on flemme.models whose directory is",
                "inside --artifact-root or --models (sha256 checked), and any model directory under --models",
                "(--bootstrap none: the directory only, no Kafka endpoint).",
                "Concurrent requests to one model are batched (--max-batch within --max-delay-ms). Runs until Ctrl-C."})
final class ServingRoleCommand implements Callable<Integer> {
    @Mixin
    KafkaClientOptions kafka;

    @Mixin
    BrokerWaitOptions brokerWait;

    @Mixin
    HttpOptions http;

    @Option(names = "--models", defaultValue = ".flemme/models", description = "directory polled for model directories (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--artifact-root", defaultValue = ".flemme/artifacts", description = "release records may only point inside this directory or --models (default: ${DEFAULT-VALUE})")
    Path artifactRoot;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu | cuda:N | auto (default: ${DEFAULT-VALUE}); falls back to CPU when CUDA is absent")
    String device;

    @Option(names = "--max-batch", defaultValue = "16", description = "samples per ORT run after batching; 1 = batching off (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--max-delay-ms", defaultValue = "0", description = "how long a batch waits for more requests; 0 = only what is already queued (default: ${DEFAULT-VALUE})")
    long maxDelayMs;

    @Option(names = "--max-queued", defaultValue = "64", description = "requests per model waiting or running before 429 (default: ${DEFAULT-VALUE})")
    int maxQueued;

    @Option(names = "--request-timeout-ms", defaultValue = "30000", description = "answer 504 after this long (default: ${DEFAULT-VALUE})")
    long requestTimeoutMs;

    @Option(names = "--ort-timeout-ms", defaultValue = "20000", description = "terminate an ORT run after this long (default: ${DEFAULT-VALUE})")
    long ortTimeoutMs;

    @Option(names = "--max-samples", defaultValue = "64", description = "most samples one /sample request may ask for (n); more get HTTP 400 (default: ${DEFAULT-VALUE})")
    int maxSamples;

    @Option(names = "--ort-threads", defaultValue = "0", description = "intra-op threads per ORT run; 0 = ORT's default (default: ${DEFAULT-VALUE})")
    int ortThreads;

    @Mixin
    AuthOptions auth;

    @Option(names = "--tls-key", description = "PEM private key for HTTPS (with --tls-cert)")
    Path tlsKey;

    @Option(names = "--tls-cert", description = "PEM certificate chain for HTTPS (with --tls-key)")
    Path tlsCert;

    @Option(names = "--tls-keystore", description = "PKCS#12 (or .jks) keystore for HTTPS, password in $FLEMME_TLS_KEYSTORE_PASSWORD")
    Path tlsKeystore;

    @Override
    public Integer call() throws Exception {
        ServingOptions options = ServingOptions.defaults().withModelsRoot(models.toAbsolutePath()).withArtifactRoot(artifactRoot.toAbsolutePath())
                .withHost(http.host()).withPort(http.port()).withDevice(device)
                .withBatching(new BatchPolicy(maxBatch, Duration.ofMillis(maxDelayMs), maxQueued))
                .withTimeouts(Duration.ofMillis(requestTimeoutMs), Duration.ofMillis(ortTimeoutMs))
                .withOrtIntraOpThreads(ortThreads).withMaxSamples(maxSamples);
        BearerTokens tokens = auth.tokens();
        if (tokens != null) {
            options = options.withTokens(tokens);
        }
        if (tlsKeystore != null) {
            options = options.withTls(TlsOptions.keystore(tlsKeystore, System.getenv("FLEMME_TLS_KEYSTORE_PASSWORD")));
        } else if (tlsKey != null || tlsCert != null) {
            options = options.withTls(TlsOptions.pem(tlsKey, tlsCert));
        }
        if (!kafka.bootstrap().equals("none")) {
            kafka.verifyBroker("serving", brokerWait.timeout());
        }
        StopSignal stop = new StopSignal();
        Vertx vertx = Vertx.vertx();
        stop.onStop("vert.x", () -> vertx.close().await(10, TimeUnit.SECONDS));
        Files.createDirectories(models);
        ServingServer s = ServingServer.start(vertx, options).await(60, TimeUnit.SECONDS);
        stop.onStop("serving", () -> s.close().await(30, TimeUnit.SECONDS));
        if (!kafka.bootstrap().equals("none")) {
            ModelReleaseListener releases = new ModelReleaseListener(kafka.clients(), s.registry(), s.trustedRoots()).start();
            s.health().check("model releases", releases::problem);
            stop.onStop("model releases", releases::close);
            KafkaInferenceEndpoint inference = KafkaInferenceEndpoint.start(kafka.clients(), s.inference(), s.sampling(), s.meterRegistry(), options.requestTimeout());
            stop.onStop("kafka inference", inference::close);
        }
        System.err.println("serving on " + (options.tls() != null ? "https" : "http") + "://" + http.host() + ":" + s.port() + "/v1/models"
                + (options.tokens() != null ? " (bearer token required)" : "") + "  (Ctrl-C to stop)");
        stop.await();
        return 0;
    }
}
