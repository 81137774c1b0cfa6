package dev.flemme4j.coordinator;

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
 * @param httpHost         interface of the HTTP API (default {@code 0.0.0.0})
 * @param httpPort         HTTP API port; 0 picks a free one (see {@link Coordinator#httpPort()})
 * @param dataPartitions   partitions of each data topic
 * @param meterRegistry    registry to add the coordinator's meters to (e.g. shared with Vert.x metrics in one
 *                         process), or null for a registry of its own
 * @param heartbeatTimeout a worker silent for this long is declared lost and its jobs are re-assigned
 */
public record CoordinatorOptions(String bootstrapServers, Path dataRoot, Path artifactRoot, String httpHost,
        int httpPort, int dataPartitions, PrometheusMeterRegistry meterRegistry, Duration heartbeatTimeout) {

    public CoordinatorOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        dataRoot = dataRoot == null ? Path.of("") : dataRoot;
        artifactRoot = artifactRoot == null ? Path.of(".flemme", "artifacts") : artifactRoot;
        httpHost = httpHost == null ? "0.0.0.0" : httpHost;
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be in [0, 65535], got " + httpPort);
        }
        heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(6) : heartbeatTimeout;
        if (dataPartitions <= 0) {
            throw new IllegalArgumentException("dataPartitions must be positive, got " + dataPartitions);
        }
    }

    public static CoordinatorOptions defaults(String bootstrapServers) {
        return new CoordinatorOptions(bootstrapServers, null, null, null, 8080, 4, null, null);
    }

    public CoordinatorOptions withDataRoot(Path p) {
        return new CoordinatorOptions(bootstrapServers, p, artifactRoot, httpHost, httpPort, dataPartitions, meterRegistry,
                heartbeatTimeout);
    }

    public CoordinatorOptions withArtifactRoot(Path p) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, p, httpHost, httpPort, dataPartitions, meterRegistry,
                heartbeatTimeout);
    }

    public CoordinatorOptions withHttp(String host, int port) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, host, port, dataPartitions, meterRegistry,
                heartbeatTimeout);
    }

    public CoordinatorOptions withHttpPort(int port) {
        return withHttp(httpHost, port);
    }

    public CoordinatorOptions withDataPartitions(int n) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, httpHost, httpPort, n, meterRegistry, heartbeatTimeout);
    }

    public CoordinatorOptions withMeterRegistry(PrometheusMeterRegistry r) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, httpHost, httpPort, dataPartitions, r, heartbeatTimeout);
    }

    public CoordinatorOptions withHeartbeatTimeout(Duration d) {
        return new CoordinatorOptions(bootstrapServers, dataRoot, artifactRoot, httpHost, httpPort, dataPartitions,
                meterRegistry, d);
    }
}
