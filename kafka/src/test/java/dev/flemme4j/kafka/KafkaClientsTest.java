package dev.flemme4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsTest {
    @TempDir
    Path dir;

    @Test
    void producerIsIdempotentDurableAndOrdered() {
        Map<String, Object> p = new KafkaClients("b:9092").producerConfig("me");
        assertEquals(true, p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(1, p.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
        assertEquals(30_000, p.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        assertEquals(KafkaClients.MAX_RECORD_BYTES, p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        assertEquals("me", p.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertEquals("b:9092", p.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void consumersCommitManually() {
        KafkaClients k = new KafkaClients("b:9092");
        Map<String, Object> g = k.groupConsumerConfig("grp", "c1", 7);
        assertEquals(false, g.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("grp", g.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(7, g.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals("earliest", g.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        Map<String, Object> a = k.assignedConsumerConfig("c2", 1024);
        assertEquals(false, a.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertFalse(a.containsKey(ConsumerConfig.GROUP_ID_CONFIG));
    }

    @Test
    void securitySettingsReachEveryClientFromAFileAndTheEnvironment() throws IOException {
        Path f = dir.resolve("kafka.properties");
        Files.writeString(f, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                kafka.ssl.truststore.location=/etc/flemme/truststore.p12
                request.timeout.ms=15000
                """);
        KafkaUserSettings user = KafkaUserSettings.load(null, Map.of(KafkaUserSettings.ENV_FILE, f.toString(),
                "FLEMME_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "FLEMME_KAFKA_REQUEST_TIMEOUT_MS", "20000", "PATH", "/bin"));
        KafkaClients k = new KafkaClients("b:9093", user);
        for (Map<String, Object> c : new Map[] {k.producerConfig("p"), k.groupConsumerConfig("g", "c", 1),
                k.assignedConsumerConfig("a", 1), k.adminConfig("adm", null)}) {
            assertEquals("SASL_SSL", c.get("security.protocol"));
            assertEquals("SCRAM-SHA-512", c.get("sasl.mechanism"));
            assertEquals("/etc/flemme/truststore.p12", c.get("ssl.truststore.location"));
            assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required;", c.get("sasl.jaas.config"));
            assertEquals("20000", c.get("request.timeout.ms"), "the environment wins over the file");
        }
        assertTrue(user.describe().contains("sasl.jaas.config=[hidden]"), user.describe());
    }

    @Test
    void aSettingOfOneKindOfClientOnlyGoesToThatKind() {
        KafkaClients k = new KafkaClients("b:9092", KafkaUserSettings.of(Map.of("linger.ms", "20",
                "fetch.min.bytes", "10")));
        assertEquals("20", k.producerConfig("p").get("linger.ms"));
        assertFalse(k.assignedConsumerConfig("c", 1).containsKey("linger.ms"));
        assertEquals("10", k.assignedConsumerConfig("c", 1).get("fetch.min.bytes"));
        assertFalse(k.adminConfig("a", null).containsKey("fetch.min.bytes"));
    }

    @Test
    void aNonsenseSettingIsRejectedNamingTheKeyAndItsSource() throws IOException {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "securty.protocol=SSL\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaUserSettings.load(f, Map.of()));
        assertTrue(e.getMessage().contains("'securty.protocol'") && e.getMessage().contains(f.toString())
                && e.getMessage().contains("did you mean 'security.protocol'"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> KafkaUserSettings.load(null, Map.of("FLEMME_KAFKA_SECURITY_PROTOCOL", "PLAIN_AND_SIMPLE")));
        assertTrue(e.getMessage().contains("'security.protocol'") && e.getMessage().contains("FLEMME_KAFKA_SECURITY_PROTOCOL"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> KafkaUserSettings.of(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "soon")));
        assertTrue(e.getMessage().contains("bad value") && e.getMessage().contains("request.timeout.ms"), e.getMessage());
    }

    @Test
    void theGuaranteesCannotBeSwitchedOff() {
        for (String key : new String[] {"enable.idempotence", "acks", "max.in.flight.requests.per.connection",
                "enable.auto.commit", "bootstrap.servers"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KafkaUserSettings.of(Map.of(key, "1")));
            assertTrue(e.getMessage().contains("cannot be changed"), e.getMessage());
        }
    }

    @Test
    void anUnreadableFileIsAClearError() {
        Path missing = dir.resolve("nope.properties");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaUserSettings.load(missing, Map.of()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
