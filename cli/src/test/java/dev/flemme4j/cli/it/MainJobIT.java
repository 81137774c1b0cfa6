package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, as a user runs it: `flemme local` on the quickstart config in a fresh directory, in
 * its own JVM. It must train, serve, score the held-out synthetic images at Dice ≥ 0.90, keep serving, and on
 * SIGTERM shut everything down with no process left behind and its ports released. The console shows the
 * summary, progress and results but no INFO log line: those go to the log file whose path it prints.
 */
class MainJobIT {
    private static final Pattern DICE = Pattern.compile("held-out Dice: ([0-9.]+)");
    private static final Pattern KAFKA = Pattern.compile("kafka\\s+127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern SERVING = Pattern.compile("serving\\s+http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern LOG_FILE = Pattern.compile("^logs\\s+(\\S+)");
    /** A log line as logback.xml's console pattern or the log file's pattern writes it. */
    private static final Pattern INFO_LOG_LINE = Pattern.compile("^[0-9: .-]+ INFO ");
    private static final String CUDA_PROBE = "Failed to detect GPU count";

    @Test
    void quickstartTrainsServesScoresAndStopsCleanlyOnSigterm(@TempDir Path home) throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path config = repo.resolve("configs/quickstart.yaml");
        assertTrue(Files.isRegularFile(config), "quickstart config at " + config);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx6g", "-Dlogback.configurationFile=" + productLogbackXml(), "-cp", System.getProperty("java.class.path"),
                "dev.flemme4j.cli.Main", "local", config.toString(),
                "--kafka-port", "0", "--serving-port", "0", "--coordinator-port", "0", "--worker-port", "0",
                "--device", "cpu"));
        // Output goes to a file, not a pipe: when a child exits, Java closes the pipe under a blocked reader and
        // the last lines (here: the shutdown log we want to see) can be lost.
        Path log = home.resolve("local.log");
        Process proc = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(12);
            List<String> lines = readLines(log);
            while (lines.stream().noneMatch(l -> l.contains("serving until Ctrl-C"))) {
                if (!proc.isAlive()) {
                    fail("flemme local exited with " + proc.exitValue() + " before serving:\n" + String.join("\n", tail(lines)));
                }
                if (System.nanoTime() > deadline) {
                    fail("flemme local did not reach serving within 12 minutes:\n" + String.join("\n", tail(lines)));
                }
                Thread.sleep(500);
                lines = readLines(log);
            }
            double dice = Double.parseDouble(find(lines, DICE));
            assertTrue(dice >= 0.90, "held-out Dice " + dice + " < 0.90");
            int kafkaPort = Integer.parseInt(find(lines, KAFKA));
            int servingPort = Integer.parseInt(find(lines, SERVING));
            assertTrue(listening(kafkaPort) && listening(servingPort), "broker and serving are up while serving");
            List<ProcessHandle> family = new ArrayList<>(proc.descendants().toList());
            family.add(proc.toHandle());

            proc.destroy(); // SIGTERM, as `kill` or a container runtime sends it
            assertTrue(proc.waitFor(90, TimeUnit.SECONDS), "flemme local did not stop within 90 s of SIGTERM");
            lines = readLines(log);
            System.out.println(String.join(System.lineSeparator(), lines));
            for (ProcessHandle h : family) {
                assertTrue(h.onExit().isDone() || !h.isAlive(), "process " + h.pid() + " still alive after SIGTERM");
            }
            assertTrue(!listening(kafkaPort) && !listening(servingPort), "ports released after stop");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("stopped; the logs are in")), "the console says it stopped");
            assertTrue(lines.stream().noneMatch(l -> INFO_LOG_LINE.matcher(l).find()), "no INFO log line on the console");
            assertTrue(lines.stream().noneMatch(l -> l.contains(CUDA_PROBE)), "DJL's CUDA probe is not a console warning");
            List<String> logLines = readLines(home.resolve(find(lines, LOG_FILE)));
            assertTrue(logLines.stream().anyMatch(l -> INFO_LOG_LINE.matcher(l).find() && l.contains("Kafka stopped")),
                    "the broker shut down cleanly, as the log file says");
            assertTrue(logLines.stream().filter(l -> l.contains(CUDA_PROBE)).count() <= 1, "the CUDA probe's warning at most once");
            assertEquals(143, proc.exitValue(), "exit status of a JVM stopped by SIGTERM after its shutdown hooks");
        } finally {
            proc.destroyForcibly();
        }
    }

    /**
     * The CLI's own logback.xml, as the launcher's classpath has it. The test classpath also holds a dependency's
     * test jar (serving's) with a logback-test.xml, which logback would otherwise prefer.
     */
    private static Path productLogbackXml() throws java.net.URISyntaxException {
        return Path.of(dev.flemme4j.cli.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("logback.xml");
    }

    /** Lenient on a half-written last line (the child is still writing). */
    private static List<String> readLines(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    }

    private static String find(List<String> lines, Pattern p) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no line matching " + p + " in:\n" + String.join("\n", tail(lines)));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 40), lines.size());
    }
}
