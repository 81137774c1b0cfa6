package dev.flemme4j.coordinator.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Silence counts only while the coordinator reaches Kafka, and starts again from when Kafka came back. */
class WorkerRegistryTest {
    private static final class Manual extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aBrokerOutageIsNotAWorkerLoss() {
        Manual clock = new Manual();
        WorkerRegistry r = new WorkerRegistry(clock, Duration.ofSeconds(6));
        r.heartbeat("w1", "cpu", 1);
        r.kafkaReachable(false);
        clock.millis += 20_000; // the broker is down for 20 s: no heartbeat can arrive
        assertTrue(r.newlyLost().isEmpty(), "nobody is lost while Kafka is unreachable");
        assertTrue(r.isAlive("w1"));
        assertTrue(r.kafkaReachable(true), "the outage ends");
        clock.millis += 5_000;
        assertTrue(r.newlyLost().isEmpty(), "a whole timeout from Kafka's return before silence counts");
        clock.millis += 2_000;
        assertEquals(1, r.newlyLost().size(), "still silent 7 s after Kafka came back: lost");
        assertFalse(r.isAlive("w1"));
    }

    @Test
    void withKafkaReachableASilentWorkerIsLostAfterTheTimeout() {
        Manual clock = new Manual();
        WorkerRegistry r = new WorkerRegistry(clock, Duration.ofSeconds(6));
        r.heartbeat("w1", "cpu", 1);
        assertFalse(r.kafkaReachable(true), "no outage to end");
        clock.millis += 6_001;
        assertEquals(1, r.newlyLost().size());
        assertTrue(r.newlyLost().isEmpty(), "reported once");
    }
}
