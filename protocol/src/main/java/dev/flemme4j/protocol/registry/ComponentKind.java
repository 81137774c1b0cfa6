package dev.flemme4j.protocol.registry;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every registered {@code name:} of one YAML kind (architectures, encoders, losses, ...): each name registers once,
 * an unknown one fails with its YAML path, a suggestion and the declared choices, and names Flemme has that
 * flemme4j does not build yet get a "not supported yet" message. Thread-safe; registering is meant for class
 * initialisation (and tests).
 *
 * @param <E> what a name registers: a {@link Component} or a kind's own richer entry
 */
public final class ComponentKind<E extends Registration> {
    private final String id;
    private final String what;
    private final String doc;
    private final Map<String, E> byName = new LinkedHashMap<>();
    private final List<E> entries = new ArrayList<>();
    private final List<String> later = new ArrayList<>();

    /**
     * @param id   how the key reference names the kind: its YAML place, e.g. {@code model.encoder}
     * @param what the word for one entry in messages, e.g. {@code encoder}
     */
    public ComponentKind(String id, String what, String doc) {
        this.id = id;
        this.what = what;
        this.doc = doc;
    }

    public String id() {
        return id;
    }

    public String what() {
        return what;
    }

    public String doc() {
        return doc;
    }

    /** Registers {@code entry} under its name and aliases; a name registered twice is a programming error. */
    public synchronized ComponentKind<E> register(E entry) {
        List<String> names = new ArrayList<>(List.of(entry.name()));
        names.addAll(entry.aliases());
        for (String n : names) {
            if (byName.containsKey(n) || later.contains(n)) {
                throw new IllegalStateException(what + " '" + n + "' is registered twice in " + id);
            }
        }
        names.forEach(n -> byName.put(n, entry));
        entries.add(entry);
        return this;
    }

    /** Names Flemme knows that flemme4j does not build yet. */
    public synchronized ComponentKind<E> later(String... names) {
        later.addAll(List.of(names));
        return this;
    }

    /** Entries in registration order, each once. */
    public synchronized List<E> entries() {
        return List.copyOf(entries);
    }

    /** Every accepted name, aliases included, in registration order. */
    public synchronized List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public synchronized List<String> laterNames() {
        return List.copyOf(later);
    }

    public synchronized Optional<E> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The entry named {@code name}, read from {@code key} of {@code node} for the error path. */
    public E resolve(ConfigNode node, String key, String name) {
        return find(name).orElseThrow(() -> unknown(node.pathOf(key), name));
    }

    /**
     * The entry named by {@code key} of {@code node} ({@code dflt} when absent; null = required), read as a dispatch
     * name: the entry's own bound section reads the key again.
     */
    public E read(ConfigNode node, String key, String dflt) {
        if (dflt == null && node.raw().get(key) == null) {
            throw node.error(key, "is required; one of " + String.join(", ", names()));
        }
        return resolve(node, key, node.dispatchName(key, dflt));
    }

    public synchronized ConfigException unknown(String path, String name) {
        return NameTable.unknown(path, what, name, List.copyOf(byName.keySet()), List.copyOf(later));
    }
}
