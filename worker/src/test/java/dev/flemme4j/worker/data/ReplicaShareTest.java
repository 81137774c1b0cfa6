package dev.flemme4j.worker.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The replicas' split of a data topic: over uneven partitions (7, 2 and 0 records, the first starting at offset
 * 3 as after retention), every record goes to exactly one of the replicas, and the shares differ by at most one.
 * And the batch limit that keeps replicas in step: the last allowed batch takes the surplus.
 */
class ReplicaShareTest {
    private static final String TOPIC = "flemme.data.share";

    private static byte[] sample() {
        return TensorRecordCodec.standard().encode(TensorRecord.of(
                NamedTensor.ofFloats(SampleDecoder.IMAGE, new long[] {1, 1, 1}, new float[] {1}),
                NamedTensor.ofFloats(SampleDecoder.LABEL, new long[] {1, 1, 1}, new float[] {0})));
    }

    private static List<String> read(int rank, int replicas) {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        Node n = new Node(0, "h", 1);
        c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, n, null, null),
                new PartitionInfo(TOPIC, 1, n, null, null), new PartitionInfo(TOPIC, 2, n, null, null)));
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        TopicPartition p2 = new TopicPartition(TOPIC, 2);
        c.updateBeginningOffsets(Map.of(p0, 3L, p1, 0L, p2, 0L));
        c.updateEndOffsets(Map.of(p0, 10L, p1, 2L, p2, 0L));
        c.schedulePollTask(() -> {
            for (long o = 3; o < 10; o++) {
                c.addRecord(new ConsumerRecord<>(TOPIC, 0, o, "p0-" + o, sample()));
            }
            for (long o = 0; o < 2; o++) {
                c.addRecord(new ConsumerRecord<>(TOPIC, 1, o, "p1-" + o, sample()));
            }
        });
        List<String> keys = new ArrayList<>();
        try (DataTopicReader reader = new DataTopicReader(c, TOPIC, new SampleDecoder(new long[] {1, 1, 1}, null))
                .share(rank, replicas)) {
            reader.readPass(s -> keys.add(s.key()), skipped -> { }, () -> false);
        }
        return keys;
    }

    @Test
    void everyRecordGoesToExactlyOneReplica() {
        for (int n = 1; n <= 4; n++) {
            Map<String, Integer> seen = new HashMap<>();
            List<Integer> sizes = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                List<String> share = read(r, n);
                sizes.add(share.size());
                assertEquals(DataTopicReader.shareSize(9, r, n), share.size(), "share of replica " + r + " of " + n);
                share.forEach(k -> seen.merge(k, 1, Integer::sum));
            }
            assertEquals(9, seen.size(), "all 9 records read by " + n + " replicas: " + seen.keySet());
            assertEquals(new TreeSet<>(List.of(1)), new TreeSet<>(seen.values()), "each exactly once: " + seen);
            int spread = sizes.stream().mapToInt(i -> i).max().getAsInt() - sizes.stream().mapToInt(i -> i).min()
                    .getAsInt();
            assertEquals(n == 1 || 9 % n == 0 ? 0 : 1, spread, "shares " + sizes);
        }
        // record numbers: p0's 3..9 are 0..6, p1's 0..1 are 7..8; replica 1 of 2 has the odd ones
        assertEquals(List.of("p0-4", "p0-6", "p0-8", "p1-0"), read(1, 2));
    }

    @Test
    void theLastAllowedBatchTakesTheSurplus() {
        List<Integer> sizes = new ArrayList<>();
        BatchAssembler b = new BatchAssembler(4, false, batch -> sizes.add(batch.size())).limit(2);
        for (int i = 0; i < 9; i++) {
            b.add(new Sample("k" + i, new float[0], new long[0], new float[0], new long[0]));
        }
        b.finish();
        assertEquals(List.of(4, 5), sizes, "9 samples in 2 batches, none lost");

        sizes.clear();
        BatchAssembler drop = new BatchAssembler(4, true, batch -> sizes.add(batch.size())).limit(2);
        for (int i = 0; i < 9; i++) {
            drop.add(new Sample("k" + i, new float[0], new long[0], new float[0], new long[0]));
        }
        drop.finish();
        assertEquals(List.of(4, 4), sizes, "drop_last: the surplus goes as a partial batch would");

        sizes.clear();
        BatchAssembler few = new BatchAssembler(4, false, batch -> sizes.add(batch.size())).limit(3);
        for (int i = 0; i < 6; i++) {
            few.add(new Sample("k" + i, new float[0], new long[0], new float[0], new long[0]));
        }
        few.finish();
        assertEquals(List.of(4, 2), sizes, "below the limit: as without one");
    }
}
