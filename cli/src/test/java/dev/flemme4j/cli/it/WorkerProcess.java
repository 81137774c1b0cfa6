package dev.flemme4j.cli.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A worker in a JVM of its own ({@code flemme worker}), so a test can kill it with SIGKILL. */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    final String id;
    final Path log;

    private WorkerProcess(Process process, String id, Path log) {
        this.process = process;
        this.id = id;
        this.log = log;
    }

    static WorkerProcess start(String bootstrap, String id, Path artifacts, Path logDir) throws IOException {
        Path log = logDir.resolve(id + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.flemme4j.cli.Main", "worker", "--bootstrap", bootstrap, "--id", id, "--device", "cpu",
                "--artifacts", artifacts.toString(), "--host", "127.0.0.1", "--port", "0"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        return new WorkerProcess(pb.start(), id, log);
    }

    /** SIGKILL: no shutdown hook, no goodbye on Kafka. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
