package dev.flemme4j.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerLifecycleTest {

    @TempDir
    Path dataDir;

    @Test
    void restartOnTheSameDataDirKeepsTopicsAndRecords() throws Exception {
        String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder(dataDir).start()) {
            first.waitUntilReady(Duration.ofSeconds(30));
            clusterId = first.clusterId();
            try (TopicAdmin topics = new TopicAdmin(new KafkaClients(first.bootstrapServers()))) {
                topics.ensure(Duration.ofSeconds(20), TopicSpec.of("kept.topic", 2));
            }
            KafkaRecords.send(first.bootstrapServers(), "kept.topic", "k", "survives".getBytes(StandardCharsets.UTF_8));
        }

        // new ports on purpose: the static voter set must not pin the first run's ports
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder(dataDir).start()) {
            second.waitUntilReady(Duration.ofSeconds(30));
            assertEquals(clusterId, second.clusterId());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()))) {
                assertTrue(admin.listTopics().names().get().contains("kept.topic"));
                assertEquals(2, admin.describeTopics(List.of("kept.topic")).allTopicNames().get()
                        .get("kept.topic").partitions().size());
            }
            List<byte[]> values = KafkaRecords.readAll(second.bootstrapServers(), "kept.topic", 1, Duration.ofSeconds(20));
            assertEquals("survives", new String(values.get(0), StandardCharsets.UTF_8));
        }
    }

    @Test
    void closeStopsEveryThreadItStartedAndIsIdempotent() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(dataDir).start();
        kafka.waitUntilReady(Duration.ofSeconds(30));
        assertNotEquals(0, kafka.port());

        kafka.close();
        kafka.close();

        // a JVM that ran the broker must be able to end by itself: no non-daemon thread may outlive close()
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<String> leftovers;
        do {
            leftovers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (leftovers.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertEquals(Set.of(), leftovers, "non-daemon threads left after close()");
    }

    @Test
    void rejectsTheSamePortForClientsAndController() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaBroker.builder(dataDir).port(19092).controllerPort(19092).start());
        assertTrue(e.getMessage().contains("controllerPort"), e.getMessage());
    }
}
