package dev.flemme4j.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading a compacted topic ("latest value per key"): how the coordinator rebuilds job states, datasets and model
 * versions after a restart, how serving learns every model release and how the CLI shows job states. Manual
 * assignment from the beginning, no consumer group, no commits. Blocking: run off any event loop.
 */
public final class CompactedTopic {
    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopic.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_LIMIT = Duration.ofMinutes(2);

    private CompactedTopic() {
    }

    /**
     * Assigns every partition of {@code topic} to {@code consumer}, positioned at the beginning.
     *
     * @return the partitions; empty (and nothing assigned) when the topic does not exist yet
     */
    public static List<TopicPartition> assignFromBeginning(Consumer<String, byte[]> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return parts;
    }

    /**
     * The records from the consumer's positions in {@code parts} up to the end offsets seen when the call starts,
     * in partition order; records written meanwhile are left for the next read.
     *
     * @throws IllegalStateException when the end is not reached within two minutes
     */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(Consumer<String, byte[]> consumer, List<TopicPartition> parts) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        if (parts.isEmpty()) {
            return out;
        }
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts, TIMEOUT));
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (!caughtUp(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + parts + " to its end did not finish in " + READ_LIMIT.toMinutes() + " minutes");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The whole topic as it is now (empty when it does not exist); the consumer is unassigned afterwards. */
    public static List<ConsumerRecord<String, byte[]>> snapshot(Consumer<String, byte[]> consumer, String topic) {
        List<ConsumerRecord<String, byte[]>> out = readToEnd(consumer, assignFromBeginning(consumer, topic, TIMEOUT));
        consumer.unsubscribe();
        return out;
    }

    /**
     * Applies {@code records}, oldest first, to {@code latest}: a tombstone forgets its key; a record without a key,
     * or whose value {@code read} rejects with an {@link IllegalArgumentException}, is skipped and logged — a
     * foreign or corrupt record on a control topic must never stop a process from starting.
     */
    public static <T> Map<String, T> replay(Map<String, T> latest, List<ConsumerRecord<String, byte[]>> records,
            Function<byte[], T> read) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() == null) {
                continue;
            }
            if (r.value() == null) {
                latest.remove(r.key());
                continue;
            }
            try {
                latest.put(r.key(), read.apply(r.value()));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping unreadable record {} at {}-{}@{}: {}", r.key(), r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        }
        return latest;
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
