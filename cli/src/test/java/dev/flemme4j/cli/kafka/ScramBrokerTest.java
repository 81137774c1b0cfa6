package dev.flemme4j.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.kafka.KafkaUserSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker started with SCRAM-SHA-256: refused without (or with wrong) credentials, works with them. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScramBrokerTest {
    private static final String USER = "flemme";
    private static final String PASSWORD = "scram-test-secret-42";

    @TempDir
    static Path dataDir;
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.builder(dataDir).scram(USER, PASSWORD).start();
        kafka.waitUntilReady(Duration.ofSeconds(40));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The same settings a user would pass as FLEMME_KAFKA_SECURITY_PROTOCOL, FLEMME_KAFKA_SASL_MECHANISM, ... */
    private static KafkaUserSettings fromEnv(String password) {
        return KafkaUserSettings.load(null, Map.of("FLEMME_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "FLEMME_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
                "FLEMME_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER + "\" password=\"" + password + "\";"));
    }

    @Test
    void aClientWithTheUsersCredentialsProducesAndConsumes() throws Exception {
        KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), fromEnv(PASSWORD));
        String topic = "scram.roundtrip";
        try (TopicAdmin topics = new TopicAdmin(clients)) {
            topics.ensure(Duration.ofSeconds(30), TopicSpec.of(topic, 1));
        }
        try (Producer<String, byte[]> p = clients.producer("scram-test-producer")) {
            p.send(new ProducerRecord<>(topic, "k", "hello".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        List<String> got = new ArrayList<>();
        try (Consumer<String, byte[]> c = clients.assignedConsumer("scram-test-consumer")) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    got.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of("hello"), got);
    }

    @Test
    void aWrongPasswordIsRefusedWithAnAuthenticationError() {
        try (Admin admin = new KafkaClients(kafka.bootstrapServers(), fromEnv("not-the-password"))
                .admin("scram-test-wrong", Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SaslAuthenticationException, String.valueOf(e.getCause()));
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNothing() {
        try (Admin admin = new KafkaClients(kafka.bootstrapServers())
                .admin("scram-test-anonymous", Duration.ofSeconds(3), Duration.ofSeconds(6))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(20, TimeUnit.SECONDS));
            // A PLAINTEXT client cannot even speak to a SASL listener: the broker drops the connection and the
            // client times out (Kafka gives no more specific error for this mismatch).
            assertTrue(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException, String.valueOf(e.getCause()));
        }
    }
}
