package dev.flemme4j.worker;

import java.nio.file.Path;

/**
 * How a worker process runs.
 *
 * @param device        "auto" (CUDA if DJL sees a GPU, else CPU), "cpu" or "cuda:N"; a job's own {@code device}
 *                      key wins when it names a device this worker has
 * @param shuffleBuffer samples held to randomise the order of a streamed epoch (Kafka gives file order)
 */
public record WorkerOptions(String bootstrapServers, String workerId, String device, Path artifactRoot,
        String httpHost, int httpPort, int shuffleBuffer) {

    public static WorkerOptions defaults(String bootstrap) {
        return new WorkerOptions(bootstrap, defaultWorkerId(), "auto", Path.of(".flemme", "artifacts"), "127.0.0.1", 0,
                512);
    }

    public WorkerOptions withHttp(String host, int port) {
        return new WorkerOptions(bootstrapServers, workerId, device, artifactRoot, host, port, shuffleBuffer);
    }

    public WorkerOptions withWorkerId(String id) {
        return new WorkerOptions(bootstrapServers, id, device, artifactRoot, httpHost, httpPort, shuffleBuffer);
    }

    public WorkerOptions withHttpPort(int port) {
        return new WorkerOptions(bootstrapServers, workerId, device, artifactRoot, httpHost, port, shuffleBuffer);
    }

    public WorkerOptions withDevice(String d) {
        return new WorkerOptions(bootstrapServers, workerId, d, artifactRoot, httpHost, httpPort, shuffleBuffer);
    }

    public WorkerOptions withArtifactRoot(Path p) {
        return new WorkerOptions(bootstrapServers, workerId, device, p, httpHost, httpPort, shuffleBuffer);
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
