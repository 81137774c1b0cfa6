package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.function.Predicate;

/**
 * Guards keys of Flemme features that flemme4j does not build yet: a key spelled out with its default value is
 * fine (configs often do that), anything else fails on its own path.
 */
public final class NotYetSupported {
    private NotYetSupported() {
    }

    public static void requireDefault(ConfigNode node, String key, Predicate<Object> isDefault, String feature) {
        Object v = node.rawValue(key);
        if (!isDefault.test(v)) {
            throw node.error(key, feature + " is not supported yet in flemme4j (remove the key or use its default)");
        }
    }
}
