package dev.flemme4j.cli.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topic to make sure of: its name, partition count and topic-level configuration
 * (e.g. {@code cleanup.policy=compact}). Immutable; {@code with...} methods return a copy.
 */
public record TopicSpec(String name, int partitions, Map<String, String> config) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Invalid value '' for topic name: must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Invalid value " + partitions + " for partitions of topic " + name
                    + ": must be at least 1");
        }
        config = Map.copyOf(config);
    }

    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of());
    }

    /** Keeps only the newest record per key: state topics such as job state and the model registry. */
    public static TopicSpec compacted(String name, int partitions) {
        return of(name, partitions).withConfig("cleanup.policy", "compact");
    }

    public TopicSpec withConfig(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(config);
        copy.put(key, value);
        return new TopicSpec(name, partitions, copy);
    }
}
