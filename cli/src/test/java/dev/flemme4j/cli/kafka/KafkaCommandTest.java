package dev.flemme4j.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.Main;
import dev.flemme4j.kafka.KafkaClients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flemme kafka} run in-process; an interrupt stands in for Ctrl-C. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaCommandTest {

    private static final Pattern READY = Pattern.compile("Kafka ready at (\\S+:\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void runsABrokerUntilStoppedAndPrintsItsAddress() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exitCode.set(
                cli.execute("kafka", "--port", "0", "--data-dir", dataDir.toString())), "kafka-command-test");
        runner.start();

        Matcher ready = READY.matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (!ready.reset(out.toString()).find() && System.nanoTime() < deadline && runner.isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(ready.reset(out.toString()).find(), "no ready line in: " + out);
        assertTrue(Files.isRegularFile(dataDir.resolve("log/meta.properties")), "storage was not formatted");

        // a client can reach the printed address
        try (TopicAdmin topics = new TopicAdmin(new KafkaClients(ready.group(1)))) {
            topics.ensure(Duration.ofSeconds(20), TopicSpec.of("command.check", 1));
        }

        runner.interrupt();
        runner.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(runner.isAlive(), "kafka command did not stop");
        assertEquals(0, exitCode.get());
    }

    @Test
    void helpDescribesTheOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("kafka", "--help"));
        String help = out.toString();
        for (String option : new String[] {"--port", "--data-dir", "--host", "--advertised-host", "--controller-port"}) {
            assertTrue(help.contains(option), option + " missing from:\n" + help);
        }
        assertTrue(help.contains(".flemme/kafka"), help);
    }
}
