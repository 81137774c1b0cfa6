package dev.flemme4j.protocol.registry;

import java.util.List;
import java.util.Objects;

/**
 * One declared YAML key of a component: its type, its default as the user would write it ({@code null}: no
 * default, the key is required or optional without a value), a one-line doc, older spellings (upstream's 2024
 * names, renamed before parsing) and, for keys flemme4j accepts but does not act on, the reason it has no
 * effect (reading such a key records a warning instead of silently dropping it).
 *
 * @param noEffect null when flemme4j applies the key; otherwise why it has no effect here
 * @param section  for a mapping with fixed keys of its own (the {@code job:} block), those keys, else null; the
 *                 key reference prints them under this key
 */
public record Key(String name, KeyType type, String dflt, String doc, List<String> aliases, String noEffect,
        KeySet section) {
    public Key {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        doc = doc == null ? "" : doc;
        aliases = List.copyOf(aliases);
    }

    public static Key of(String name, KeyType type, String dflt, String doc) {
        return new Key(name, type, dflt, doc, List.of(), null, null);
    }

    /** A key with no default value. */
    public static Key required(String name, KeyType type, String doc) {
        return new Key(name, type, null, "required; " + doc, List.of(), null, null);
    }

    /** This key, also accepted under the older spellings {@code old}. */
    public Key alias(String... old) {
        return new Key(name, type, dflt, doc, List.of(old), noEffect, section);
    }

    /** This key, accepted for Flemme compatibility but without effect in flemme4j (a warning when given). */
    public Key withoutEffect(String reason) {
        return new Key(name, type, dflt, doc, aliases, Objects.requireNonNull(reason, "reason"), section);
    }

    /** This key with another doc line (the same key read differently by one component). */
    public Key withDoc(String newDoc) {
        return new Key(name, type, dflt, newDoc, aliases, noEffect, section);
    }

    /** This mapping key with the fixed keys of its section. */
    public Key withSection(KeySet keys) {
        return new Key(name, type, dflt, doc, aliases, noEffect, Objects.requireNonNull(keys, "keys"));
    }

    public boolean applied() {
        return noEffect == null;
    }
}
