package dev.flemme4j.protocol.registry;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML name resolved to a value through a fixed table, with aliases as ordinary entries (Flemme's
 * {@code single}/{@code conv}): the one lookup-with-suggestion of the code base. Names Flemme knows but
 * flemme4j does not build yet get their own message so a user can tell "typo" from "later".
 *
 * @param <T> what a name resolves to
 */
public final class NameTable<T> {
    private final String what;
    private final Map<String, T> supported;
    private final List<String> notYetSupported;

    private NameTable(String what, Map<String, T> supported, List<String> notYetSupported) {
        this.what = what;
        this.supported = supported;
        this.notYetSupported = notYetSupported;
    }

    public static <T> Builder<T> of(String what) {
        return new Builder<>(what);
    }

    /** A table whose names are their own values. */
    public static NameTable<String> ofNames(String what, List<String> names) {
        Builder<String> b = of(what);
        names.forEach(n -> b.add(n, n));
        return b.build();
    }

    public String what() {
        return what;
    }

    public List<String> names() {
        return List.copyOf(supported.keySet());
    }

    /** Names Flemme has that flemme4j refuses with a "not supported yet" message. */
    public List<String> later() {
        return notYetSupported;
    }

    public boolean contains(String name) {
        return supported.containsKey(name);
    }

    /** Reads {@code key} of {@code node}; a missing key gives {@code dflt} (null = required). */
    public T read(ConfigNode node, String key, String dflt) {
        String name = dflt == null ? node.requireString(key) : node.string(key, dflt);
        return resolve(node, key, name);
    }

    public T resolve(ConfigNode node, String key, String name) {
        T value = supported.get(name);
        if (value != null) {
            return value;
        }
        throw unknown(node.pathOf(key), name);
    }

    /** The error for a name this table does not resolve, at {@code path}. */
    public ConfigException unknown(String path, String name) {
        return unknown(path, what, name, List.copyOf(supported.keySet()), notYetSupported);
    }

    /**
     * The error for {@code name} at {@code path} when it is not among {@code supported}: "not supported yet" for a
     * name in {@code later}, else "unknown" with the closest name and the declared choices.
     */
    public static ConfigException unknown(String path, String what, String name, List<String> supported, List<String> later) {
        if (later.contains(name)) {
            return new ConfigException(path, what + " '" + name + "' is known to Flemme but not supported yet in flemme4j;"
                    + " supported: " + String.join(", ", supported));
        }
        List<String> all = new ArrayList<>(supported);
        all.addAll(later);
        return new ConfigException(path, "unknown " + what + " '" + name + "'" + ConfigNode.suggestion(name, all)
                + "; supported: " + String.join(", ", supported));
    }

    public static final class Builder<T> {
        private final String what;
        private final Map<String, T> supported = new LinkedHashMap<>();
        private final List<String> notYet = new ArrayList<>();

        private Builder(String what) {
            this.what = what;
        }

        public Builder<T> add(String name, T value) {
            if (supported.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException(what + " '" + name + "' registered twice");
            }
            return this;
        }

        public Builder<T> later(String... names) {
            notYet.addAll(List.of(names));
            return this;
        }

        public NameTable<T> build() {
            return new NameTable<>(what, Collections.unmodifiableMap(new LinkedHashMap<>(supported)), List.copyOf(notYet));
        }
    }
}
