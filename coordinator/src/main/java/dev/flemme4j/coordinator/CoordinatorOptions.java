package dev.flemme4j.coordinator;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.kafka.KafkaUserSettings;
import dev.flemme4j.observability.auth.BearerTokens;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a coordinator.
 *
 * @param bootstrapServers Kafka bootstrap address, e.g. {@code localhost:9092}
 * @param dataRoot         relative dataset paths in job YAML are resolved against it (default: working dir)
 * @param artifactRoot     per-job artifact directories go under it (default {@code .flemme/artifacts})
 * @param httpHost         interface of the HTTP API (default {@code 127.0.0.1}: local only)
 * @param httpPort         HTTP API port; 0 picks a free one (see {@link Coordinator#httpPort()})
 * @param dataPartitions   partitions of each data topic
 * @param meterRegistry    registry to add the coordinator's meters to (e.g. shared with Vert.x metrics in one
 *                         process), or null for a registry of its own
 * @param kafkaSettings    the user's Kafka client settings (security, timeouts) for every client; null = none
 * @param heartbeatTimeout a worker silent for this long is declared lost and its jobs are re-assigned
 * @param tokens           bearer tokens the HTTP API requires (all routes but /health); null or empty = no auth
 */
public record CoordinatorOptions(String bootstrapServers, Path dataRoot, Path artifactRoot, String httpHost,
        int httpPort, int dataPartitions, PrometheusMeterRegistry meterRegistry, KafkaUserSettings kafkaSettings,
        Duration heartbeatTimeout, BearerTokens tokens) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_DATA_PARTITIONS = 4;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(6);

    public CoordinatorOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        kafkaSettings = kafkaSettings == null ? KafkaUserSettings.none() : kafkaSettings;
        dataRoot = dataRoot == null ? Path.of("") : dataRoot;
        artifactRoot = artifactRoot == null ? Path.of(".flemme", "artifacts") : artifactRoot;
        httpHost = httpHost == null ? DEFAULT_HOST : httpHost;
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be in [0, 65535], got " + httpPort);
        }
        heartbeatTimeout = heartbeatTimeout == null ? DEFAULT_HEARTBEAT_TIMEOUT : heartbeatTimeout;
        if (dataPartitions <= 0) {
            throw new IllegalArgumentException("dataPartitions must be positive, got " + dataPartitions);
        }
    }

    public static CoordinatorOptions defaults(String bootstrapServers) {
        return new CoordinatorOptions(bootstrapServers, null, null, null, DEFAULT_HTTP_PORT,
                DEFAULT_DATA_PARTITIONS, null, null,
                null, null);
    }

    public CoordinatorOptions withDataRoot(Path p) {
        return new CoordinatorOptions(bootstrapServers, p, artifactRoot, httpHost, httpPort, dataPartitions,
                meterRegistry, kafkaSettings, heartbeatTimeout, tokens);
    }

    public CoordinatorOptions withArtifactRoot(Path p) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, p, httpHost, httpPort, dataPartitions,
                meterRegistry, kafkaSettings, heartbeatTimeout, tokens);
    }

    public CoordinatorOptions withHttp(String host, int port) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, host, port, dataPartitions,
                meterRegistry, kafkaSettings, heartbeatTimeout, tokens);
    }

    public CoordinatorOptions withHttpPort(int port) {
        return withHttp(httpHost, port);
    }

    public CoordinatorOptions withDataPartitions(int n) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, httpHost, httpPort, n,
                meterRegistry, kafkaSettings, heartbeatTimeout, tokens);
    }

    public CoordinatorOptions withKafkaSettings(KafkaUserSettings k) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, httpHost, httpPort,
                dataPartitions, meterRegistry, k, heartbeatTimeout, tokens);
    }

    /** The factory of every Kafka client this coordinator opens. */
    public KafkaClients kafkaClients() {
        return new KafkaClients(bootstrapServers, kafkaSettings);
    }

    public CoordinatorOptions withMeterRegistry(PrometheusMeterRegistry r) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, httpHost, httpPort,
                dataPartitions, r, kafkaSettings, heartbeatTimeout, tokens);
    }

    public CoordinatorOptions withHeartbeatTimeout(Duration d) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, httpHost, httpPort, dataPartitions,
                meterRegistry, kafkaSettings, d, tokens);
    }

    /** Require one of these bearer tokens on every HTTP route but /health. */
    public CoordinatorOptions withTokens(BearerTokens t) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, httpHost, httpPort, dataPartitions,
                meterRegistry, kafkaSettings, heartbeatTimeout, t);
    }
}
