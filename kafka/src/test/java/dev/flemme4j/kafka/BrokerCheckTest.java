package dev.flemme4j.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a broker the check gives up after its timeout and names both likely causes and the setting to change. */
class BrokerCheckTest {
    @Test
    void noBrokerIsReportedAfterTheTimeoutWithTheSecuritySettingsToCheck() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        KafkaClients clients = new KafkaClients("127.0.0.1:" + port,
                KafkaUserSettings.load(null, Map.of("FLEMME_KAFKA_SECURITY_PROTOCOL", "SSL")));
        long start = System.nanoTime();
        BrokerCheck.BrokerUnusableException e = assertThrows(BrokerCheck.BrokerUnusableException.class,
                () -> new BrokerCheck(clients).verify("test", Duration.ofSeconds(2)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("no answer from a Kafka broker at 127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("security.protocol=SSL"), e.getMessage());
        assertTrue(e.getMessage().contains("--kafka-config"), e.getMessage());
        assertTrue(tookMs < 15_000, "gave up after " + tookMs + " ms for a 2 s timeout");
    }
}
