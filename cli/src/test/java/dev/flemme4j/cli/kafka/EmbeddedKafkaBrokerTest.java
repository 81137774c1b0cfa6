package dev.flemme4j.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flemme4j.kafka.KafkaClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One real broker shared by the tests of this class: clients talk to it as to any Kafka. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerTest {

    @TempDir
    static Path dataDir;
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.builder(dataDir).start();
        kafka.waitUntilReady(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void plainClientsProduceAndConsume() {
        String topic = "embedded.roundtrip";
        try (TopicAdmin topics = new TopicAdmin(new KafkaClients(kafka.bootstrapServers()))) {
            topics.ensure(Duration.ofSeconds(20), TopicSpec.of(topic, 1));
        }
        KafkaRecords.send(kafka.bootstrapServers(), topic, "job-1", "hello".getBytes(StandardCharsets.UTF_8));

        List<byte[]> values = KafkaRecords.readAll(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(20));
        assertEquals("hello", new String(values.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void acceptsRecordsFarAboveKafkaDefaultLimit() {
        // a tensor record of a few MiB must fit; Kafka's own default is 1 MiB
        byte[] value = new byte[6 * 1024 * 1024];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        String topic = "embedded.large";
        KafkaRecords.send(kafka.bootstrapServers(), topic, "big", value);

        List<byte[]> values = KafkaRecords.readAll(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(20));
        assertArrayEquals(value, values.get(0));
    }

    @Test
    void topicAdminCreatesOnceAndAppliesConfig() throws Exception {
        TopicSpec data = TopicSpec.of("embedded.data", 3);
        TopicSpec state = TopicSpec.compacted("embedded.state", 1);
        try (TopicAdmin topics = new TopicAdmin(new KafkaClients(kafka.bootstrapServers()))) {
            assertEquals(Set.of("embedded.data", "embedded.state"), topics.ensure(List.of(data, state), Duration.ofSeconds(20)));
            // a second call (another process starting) is not an error and creates nothing
            assertEquals(Set.of(), topics.ensure(List.of(data, state), Duration.ofSeconds(20)));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of("embedded.data")).allTopicNames().get().get("embedded.data");
            assertEquals(3, description.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "embedded.state");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("compact", config.get("cleanup.policy").value());
        }
    }

    @Test
    void kcatListsTheBroker() throws IOException, InterruptedException {
        Path kcat = Path.of("/usr/bin/kcat");
        assumeTrue(Files.isExecutable(kcat), "kcat is not installed (apt-get install kcat)");
        Process process = new ProcessBuilder(kcat.toString(), "-b", kafka.bootstrapServers(), "-L", "-m", "10")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "kcat did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("1 brokers:"), output);
        assertTrue(output.contains("broker 1 at " + kafka.bootstrapServers()), output);
    }
}
