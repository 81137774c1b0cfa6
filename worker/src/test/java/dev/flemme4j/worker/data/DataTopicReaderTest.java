package dev.flemme4j.worker.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** One epoch over a data topic, driven by a {@code MockConsumer} through the reader's injected-consumer seam. */
class DataTopicReaderTest {
    private static final String TOPIC = "flemme.data.test";

    private static byte[] sample(float v) {
        return TensorRecordCodec.standard().encode(TensorRecord.of(
                NamedTensor.ofFloats(SampleDecoder.IMAGE, new long[] {1, 1, 2}, new float[] {v, v}),
                NamedTensor.ofFloats(SampleDecoder.LABEL, new long[] {1, 1, 2}, new float[] {0, 1})));
    }

    @Test
    void readsEveryPartitionToTheEndSeenAtTheStartAndSkipsGarbledRecords() {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        Node n = new Node(0, "h", 1);
        c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, n, null, null), new PartitionInfo(TOPIC, 1, n, null, null)));
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        c.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
        c.updateEndOffsets(Map.of(p0, 2L, p1, 1L));
        c.schedulePollTask(() -> {
            c.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "a", sample(1f)));
            c.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "b", new byte[] {1, 2, 3}));
            c.addRecord(new ConsumerRecord<>(TOPIC, 1, 0, "c", sample(3f)));
        });
        List<String> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Long> lag = new ArrayList<>();
        try (DataTopicReader reader = new DataTopicReader(c, TOPIC, new SampleDecoder(new long[] {1, 1, 2}, null))) {
            reader.onLag(lag::add);
            long read = reader.readPass(s -> {
                keys.add(s.key());
                if (s.key().equals("c")) {
                    assertArrayEquals(new float[] {3f, 3f}, s.image());
                }
            }, skipped::add, () -> false);
            assertEquals(2, read);
            assertEquals(List.of("a", "c"), keys.stream().sorted().toList());
            assertEquals(1, skipped.size());
            assertTrue(skipped.get(0).startsWith(TOPIC + "/0@1"), skipped.get(0));
            assertEquals(Map.of(TOPIC + "-0", 2L, TOPIC + "-1", 1L), reader.consumedOffsets());
            assertEquals(3L, lag.get(0));
            assertEquals(0L, lag.get(lag.size() - 1));
        }
        assertTrue(c.closed());
    }
}
