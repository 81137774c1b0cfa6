package dev.flemme4j.modelzoo.config.encoder;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;

/** The value checks both encoder parsers apply to their integer keys. */
final class EncoderValues {
    private EncoderValues() {
    }

    /** {@code key} as a positive integer; {@code dflt} null: required. */
    static int positive(ConfigNode node, String key, Integer dflt) {
        if (dflt == null && !node.has(key)) {
            throw node.error(key, "is required");
        }
        int value = node.integer(key, dflt == null ? 0 : dflt);
        if (value <= 0) {
            throw node.error(key, "must be a positive integer, found " + value);
        }
        return value;
    }

    /** Fails on the first entry of {@code values} (read from {@code key}) that is not positive. */
    static List<Integer> allPositive(ConfigNode node, String key, List<Integer> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) <= 0) {
                throw new ConfigException(node.pathOf(key) + "[" + i + "]", "must be a positive integer, found " + values.get(i));
            }
        }
        return values;
    }
}
