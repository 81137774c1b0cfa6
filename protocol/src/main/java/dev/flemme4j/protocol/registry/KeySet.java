package dev.flemme4j.protocol.registry;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared keys of one YAML section, in the order the key reference prints them. {@link #bind} is the one
 * place where a section's older key spellings become the current ones and where keys without effect in
 * flemme4j become warnings; parsers then read current names only, from a node that refuses undeclared keys.
 */
public final class KeySet {
    private final Map<String, Key> keys;

    private KeySet(Map<String, Key> keys) {
        this.keys = keys;
    }

    public static KeySet of(Key... keys) {
        return of(List.of(keys));
    }

    public static KeySet of(Collection<Key> keys) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Key k : keys) {
            add(map, k);
        }
        return new KeySet(java.util.Collections.unmodifiableMap(map));
    }

    private static void add(Map<String, Key> map, Key k) {
        if (map.putIfAbsent(k.name(), k) != null) {
            throw new IllegalArgumentException("key '" + k.name() + "' declared twice");
        }
    }

    /** These keys and {@code more}; a name declared in both is a programming error. */
    public KeySet plus(Key... more) {
        List<Key> all = new ArrayList<>(keys.values());
        all.addAll(List.of(more));
        return of(all);
    }

    public KeySet plus(KeySet more) {
        return plus(more.keys.values().toArray(Key[]::new));
    }

    /** These keys with {@code replacement} in place of the declared key of the same name. */
    public KeySet replacing(Key replacement) {
        if (!keys.containsKey(replacement.name())) {
            throw new IllegalArgumentException("no key '" + replacement.name() + "' to replace");
        }
        Map<String, Key> map = new LinkedHashMap<>(keys);
        map.put(replacement.name(), replacement);
        return new KeySet(java.util.Collections.unmodifiableMap(map));
    }

    public List<Key> keys() {
        return List.copyOf(keys.values());
    }

    public Key get(String name) {
        return keys.get(name);
    }

    public List<String> names() {
        return List.copyOf(keys.keySet());
    }

    /** Old spelling → current name. */
    public Map<String, String> aliases() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Key k : keys.values()) {
            for (String a : k.aliases()) {
                out.put(a, k.name());
            }
        }
        return out;
    }

    /**
     * {@code node} with old spellings renamed (keeping the order of keys), bound to these keys, with a warning
     * for every given key that has no effect in flemme4j.
     *
     * @throws ConfigException naming both paths when a key is given under two spellings
     */
    public ConfigNode bind(ConfigNode node) {
        ConfigNode bound = rename(node, aliases()).declare(keys.keySet());
        for (Key k : keys.values()) {
            if (!k.applied() && bound.has(k.name())) {
                bound.ignore(k.name());
                bound.warn(k.name(), k.noEffect());
            }
        }
        return bound;
    }

    /** {@code node} with every key in {@code aliases} renamed to its current name. */
    public static ConfigNode rename(ConfigNode node, Map<String, String> aliases) {
        if (node.keys().stream().noneMatch(aliases::containsKey)) {
            return node;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : node.raw().entrySet()) {
            String current = aliases.getOrDefault(e.getKey(), e.getKey());
            if (out.containsKey(current) || (!current.equals(e.getKey()) && node.keys().contains(current))) {
                String other = node.keys().stream()
                        .filter(k -> !k.equals(e.getKey()) && aliases.getOrDefault(k, k).equals(current))
                        .findFirst().orElse(current);
                throw new ConfigException(node.pathOf(e.getKey()), "'" + e.getKey() + "' and '" + other
                        + "' are two spellings of the same key (" + node.pathOf(other) + "); keep only '" + current + "'");
            }
            out.put(current, e.getValue());
        }
        return node.withValues(out);
    }
}
