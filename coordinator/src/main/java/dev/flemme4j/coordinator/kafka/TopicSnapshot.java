package dev.flemme4j.coordinator.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a (compacted) topic from its beginning up to the end offsets seen when the read starts: how the
 * coordinator rebuilds job states, ingested datasets and model versions after a restart. No consumer group,
 * no commits. Blocking: run on a worker thread.
 */
public final class TopicSnapshot {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicSnapshot() {
    }

    /** The records in partition order; empty when the topic does not exist yet. */
    public static List<ConsumerRecord<String, byte[]>> read(Consumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        if (infos == null || infos.isEmpty()) {
            return out;
        }
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts, TIMEOUT));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!caughtUp(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + topic + " from the beginning did not finish in 2 minutes");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
                    out.add(r);
                }
            }
        }
        consumer.unsubscribe();
        return out;
    }

    private static boolean caughtUp(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
