package dev.flemme4j.protocol.registry;

import java.util.List;
import java.util.Objects;

/**
 * A registered name whose section its kind's own parser reads (e.g. an LR scheduler, whose defaults depend on
 * {@code max_epoch}): only the declared keys, after {@link #bind}.
 */
public record Declared(String name, List<String> aliases, String doc, KeySet keys) implements Registration {
    public Declared {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        doc = doc == null ? "" : doc;
        Objects.requireNonNull(keys, "keys");
    }

    public static Declared of(String name, String doc, KeySet keys) {
        return new Declared(name, List.of(), doc, keys);
    }
}
