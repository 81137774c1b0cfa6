package dev.flemme4j.protocol.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key reference printed by {@code ./flemme keys}, rendered from the registered kinds themselves: every kind,
 * every name and every key with its type, default, older spellings and doc.
 */
public final class KeyReference {
    private final List<ComponentKind<?>> kinds;

    public KeyReference(List<ComponentKind<?>> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    public List<ComponentKind<?>> kinds() {
        return kinds;
    }

    /** The kind named {@code idOrWhat}: its YAML place ({@code model.encoder}) or its word ({@code encoder}). */
    public Optional<ComponentKind<?>> kind(String idOrWhat) {
        return kinds.stream().filter(k -> k.id().equals(idOrWhat) || k.what().equals(idOrWhat)).findFirst();
    }

    /** One line per kind: its place, what it holds and its names. */
    public String overview() {
        StringBuilder b = new StringBuilder();
        for (ComponentKind<?> k : kinds) {
            b.append(k.id()).append(" — ").append(k.doc()).append('\n');
            b.append("  names: ").append(String.join(", ", k.names())).append('\n');
            if (!k.laterNames().isEmpty()) {
                b.append("  not supported yet: ").append(String.join(", ", k.laterNames())).append('\n');
            }
        }
        return b.toString();
    }

    /** Every entry of {@code kind} with its keys. */
    public String describe(ComponentKind<?> kind) {
        StringBuilder b = new StringBuilder();
        for (Registration r : kind.entries()) {
            b.append(describe(kind, r));
        }
        return b.toString();
    }

    /** One entry with its keys, e.g. {@code model.encoder UNet}. */
    public String describe(ComponentKind<?> kind, Registration r) {
        StringBuilder b = new StringBuilder();
        b.append(kind.id()).append(' ').append(r.name());
        if (!r.aliases().isEmpty()) {
            b.append(" (also: ").append(String.join(", ", r.aliases())).append(')');
        }
        b.append(" — ").append(r.doc()).append('\n');
        List<String[]> rows = new ArrayList<>();
        for (Key k : r.keys().keys()) {
            rows.add(new String[] {k.name(), k.type().label(), k.dflt() == null ? "-" : k.dflt(), line(k)});
            if (k.section() != null) {
                for (Key s : k.section().keys()) {
                    rows.add(new String[] {k.name() + "." + s.name(), s.type().label(), s.dflt() == null ? "-" : s.dflt(),
                            line(s)});
                }
            }
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < 3; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            b.append("  ");
            for (int i = 0; i < 3; i++) {
                b.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            b.append(row[3]).append('\n');
        }
        return b.toString();
    }

    private static String line(Key k) {
        StringBuilder b = new StringBuilder(k.doc());
        if (!k.aliases().isEmpty()) {
            b.append(" (2024: ").append(String.join(", ", k.aliases())).append(')');
        }
        if (!k.applied()) {
            b.append(" [no effect in flemme4j: ").append(k.noEffect()).append(']');
        }
        return b.toString();
    }
}
