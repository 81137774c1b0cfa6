package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML name resolved to a value through a fixed table, with aliases as ordinary entries
 * (Flemme's {@code single}/{@code conv}). Names Flemme knows but flemme4j does not build yet get their own
 * message so a user can tell "typo" from "later".
 *
 * @param <T> what a name resolves to
 */
public final class NamedChoice<T> {
    private final String what;
    private final Map<String, T> supported;
    private final List<String> notYetSupported;

    private NamedChoice(String what, Map<String, T> supported, List<String> notYetSupported) {
        this.what = what;
        this.supported = supported;
        this.notYetSupported = notYetSupported;
    }

    public static <T> Builder<T> of(String what) {
        return new Builder<>(what);
    }

    public List<String> names() {
        return List.copyOf(supported.keySet());
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
        if (notYetSupported.contains(name)) {
            throw node.error(key, what + " '" + name + "' is known to Flemme but not supported yet in flemme4j; supported: "
                    + String.join(", ", supported.keySet()));
        }
        List<String> all = new java.util.ArrayList<>(supported.keySet());
        all.addAll(notYetSupported);
        throw node.error(key, "unknown " + what + " '" + name + "'" + ConfigNode.suggestion(name, all)
                + "; supported: " + String.join(", ", supported.keySet()));
    }

    public static final class Builder<T> {
        private final String what;
        private final Map<String, T> supported = new LinkedHashMap<>();
        private final List<String> notYet = new java.util.ArrayList<>();

        private Builder(String what) {
            this.what = what;
        }

        public Builder<T> add(String name, T value) {
            supported.put(name, value);
            return this;
        }

        public Builder<T> later(String... names) {
            notYet.addAll(List.of(names));
            return this;
        }

        public NamedChoice<T> build() {
            return new NamedChoice<>(what, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(supported)), List.copyOf(notYet));
        }
    }
}
