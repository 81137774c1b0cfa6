package dev.flemme4j.cli.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A coordinator in a JVM of its own ({@code flemme coordinator}), so a test can kill it with SIGKILL and restart it. */
final class CoordinatorProcess implements AutoCloseable {
    private final Process process;
    final int port;
    final Path log;

    private CoordinatorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @param port the HTTP port (a restart reuses it); its consumers leave their group 6 s after a kill (the broker's
     *             minimum session timeout), not Kafka's default 45 s
     */
    static CoordinatorProcess start(String bootstrap, Path dataRoot, Path artifacts, int port, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.flemme4j.cli.Main", "coordinator", "--bootstrap", bootstrap, "--data-root", dataRoot.toString(),
                "--artifacts", artifacts.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data-partitions", "2"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("FLEMME_KAFKA_SESSION_TIMEOUT_MS", "6000");
        return new CoordinatorProcess(pb.start(), port, log);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until {@code /health} answers 200; false if the process died or the time ran out. */
    boolean awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the consumer group. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
