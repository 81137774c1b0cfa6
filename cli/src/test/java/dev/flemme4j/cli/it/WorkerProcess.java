package dev.flemme4j.cli.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return start(bootstrap, id, artifacts, logDir, Map.of(), List.of());
    }

    /** @param env added to the child's environment (e.g. FLEMME_KAFKA_* settings); extraArgs after the usual ones */
    static WorkerProcess start(String bootstrap, String id, Path artifacts, Path logDir, Map<String, String> env,
            List<String> extraArgs) throws IOException {
        Path log = logDir.resolve(id + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.flemme4j.cli.Main", "worker", "--bootstrap", bootstrap, "--id", id, "--device", "cpu",
                "--artifacts", artifacts.toString(), "--host", "127.0.0.1", "--port", "0"));
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new WorkerProcess(pb.start(), id, log);
    }

    /** The exit status once the process ended within {@code timeout}, else empty. */
    java.util.OptionalInt exitWithin(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    boolean alive() {
        return process.isAlive();
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
