package dev.flemme4j.protocol.spec;

import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.regex.Pattern;

/**
 * The topic a KafkaStream dataset names: a name Kafka accepts, and not one of flemme4j's own topics, whose records a
 * job must never consume as training data (nor, by committing nothing, disturb).
 */
final class StreamTopicName {
    /** Kafka's own rule for topic names (characters and length). */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private StreamTopicName() {
    }

    static String check(ConfigNode n, String key) {
        String topic = n.string(key, null);
        if (topic == null || topic.isBlank()) {
            throw n.error(key, "is required for KafkaStream: the topic the producer writes tensor records to");
        }
        if (!LEGAL.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw n.error(key, "'" + topic + "' is not a legal Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
        }
        if (Topics.isInternal(topic)) {
            throw n.error(key, "'" + topic + "' is one of flemme4j's internal topics (" + Topics.INTERNAL_PREFIX
                    + "*); stream from a topic of your own");
        }
        return topic;
    }
}
