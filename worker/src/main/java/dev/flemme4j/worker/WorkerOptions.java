package dev.flemme4j.worker;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.kafka.KafkaUserSettings;
import java.nio.file.Path;

/**
 * How a worker process runs.
 *
 * @param device        "auto" (CUDA if DJL sees a GPU, else CPU), "cpu" or "cuda:N"; a job's own {@code device}
 *                      key wins when it names a device this worker has
 * @param kafkaSettings the user's Kafka client settings (security, timeouts) for every client; null = none
 * @param shuffleBuffer samples held to randomise the order of a streamed epoch (Kafka gives file order)
 */
public record WorkerOptions(String bootstrapServers, String workerId, String device, Path artifactRoot,
        String httpHost, int httpPort, int shuffleBuffer, KafkaUserSettings kafkaSettings) {

    public WorkerOptions {
        kafkaSettings = kafkaSettings == null ? KafkaUserSettings.none() : kafkaSettings;
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The worker's /health and /metrics port. */
    public static final int DEFAULT_HTTP_PORT = 8081;

    public static WorkerOptions defaults(String bootstrap) {
        return new WorkerOptions(bootstrap, defaultWorkerId(), "auto", Path.of(".flemme", "artifacts"), DEFAULT_HOST, DEFAULT_HTTP_PORT,
                512, null);
    }

    public WorkerOptions withHttp(String host, int port) {
        return new WorkerOptions(bootstrapServers, workerId, device, artifactRoot, host, port, shuffleBuffer, kafkaSettings);
    }

    public WorkerOptions withWorkerId(String id) {
        return new WorkerOptions(bootstrapServers, id, device, artifactRoot, httpHost, httpPort, shuffleBuffer, kafkaSettings);
    }

    public WorkerOptions withHttpPort(int port) {
        return new WorkerOptions(bootstrapServers, workerId, device, artifactRoot, httpHost, port, shuffleBuffer, kafkaSettings);
    }

    public WorkerOptions withDevice(String d) {
        return new WorkerOptions(bootstrapServers, workerId, d, artifactRoot, httpHost, httpPort, shuffleBuffer, kafkaSettings);
    }

    public WorkerOptions withArtifactRoot(Path p) {
        return new WorkerOptions(bootstrapServers, workerId, device, p, httpHost, httpPort, shuffleBuffer, kafkaSettings);
    }

    public WorkerOptions withKafkaSettings(KafkaUserSettings k) {
        return new WorkerOptions(bootstrapServers, workerId, device, artifactRoot, httpHost, httpPort, shuffleBuffer, k);
    }

    /** The factory of every Kafka client this worker opens. */
    public KafkaClients kafkaClients() {
        return new KafkaClients(bootstrapServers, kafkaSettings);
    }

    public static String defaultWorkerId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "worker";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
