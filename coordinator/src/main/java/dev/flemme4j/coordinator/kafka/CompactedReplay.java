package dev.flemme4j.coordinator.kafka;

import dev.flemme4j.protocol.Json;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds "latest value per key" from a compacted topic's records, oldest first: a tombstone forgets the key,
 * a record without key or with an unreadable value is skipped (logged), never fatal.
 */
public final class CompactedReplay {
    private static final Logger LOG = LoggerFactory.getLogger(CompactedReplay.class);

    private CompactedReplay() {
    }

    public static <T> void into(Map<String, T> latest, List<ConsumerRecord<String, byte[]>> records, Class<T> type) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() == null) {
                continue;
            }
            if (r.value() == null) {
                latest.remove(r.key());
                continue;
            }
            try {
                latest.put(r.key(), Json.read(r.value(), type));
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping unreadable {} {} at {}-{}@{}: {}", type.getSimpleName(), r.key(), r.topic(),
                        r.partition(), r.offset(), e.getMessage());
            }
        }
    }
}
