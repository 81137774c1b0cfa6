package dev.flemme4j.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CompactedTopicTest {
    private static final String TOPIC = "flemme.test-state";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private static byte[] b(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] v) {
        String s = new String(v, StandardCharsets.UTF_8);
        if (s.startsWith("!")) {
            throw new IllegalArgumentException("unreadable: " + s);
        }
        return s;
    }

    /** A two-partition topic with 3 + 2 records, as the broker would hand them out. */
    private static MockConsumer<String, byte[]> topic() {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        Node n = new Node(0, "h", 1);
        c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, n, null, null), new PartitionInfo(TOPIC, 1, n, null, null)));
        c.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        c.updateEndOffsets(Map.of(P0, 3L, P1, 2L));
        c.schedulePollTask(() -> {
            c.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "job-1", b("SUBMITTED")));
            c.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "job-2", b("SUBMITTED")));
            c.addRecord(new ConsumerRecord<>(TOPIC, 1, 0, "job-3", b("!garbage")));
        });
        c.schedulePollTask(() -> {
            c.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "job-1", b("RUNNING")));
            c.addRecord(new ConsumerRecord<>(TOPIC, 1, 1, "job-2", null));
        });
        return c;
    }

    @Test
    void snapshotReadsEveryPartitionToTheEndSeenAtTheStart() {
        MockConsumer<String, byte[]> c = topic();
        List<ConsumerRecord<String, byte[]>> records = CompactedTopic.snapshot(c, TOPIC);
        assertEquals(5, records.size());
        assertTrue(c.assignment().isEmpty(), "unassigned afterwards");
    }

    @Test
    void replayKeepsTheLatestValueForgetsTombstonesAndSkipsUnreadableRecords() {
        Map<String, String> latest = CompactedTopic.replay(new LinkedHashMap<>(), CompactedTopic.snapshot(topic(), TOPIC),
                CompactedTopicTest::text);
        assertEquals(Map.of("job-1", "RUNNING"), latest);
    }

    @Test
    void recordsWithoutKeyAreSkipped() {
        Map<String, String> latest = new HashMap<>();
        CompactedTopic.replay(latest, List.of(new ConsumerRecord<>(TOPIC, 0, 0, null, b("x")),
                new ConsumerRecord<>(TOPIC, 0, 1, "k", b("v"))), CompactedTopicTest::text);
        assertEquals(Map.of("k", "v"), latest);
    }

    @Test
    void aMissingTopicIsAnEmptySnapshot() {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        assertEquals(List.of(), CompactedTopic.snapshot(c, "flemme.absent"));
        assertEquals(List.of(), CompactedTopic.assignFromBeginning(c, "flemme.absent", java.time.Duration.ofMillis(10)));
    }
}
