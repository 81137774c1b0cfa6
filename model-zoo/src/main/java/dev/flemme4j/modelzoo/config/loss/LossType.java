package dev.flemme4j.modelzoo.config.loss;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.registry.Registration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One registered loss {@code name:} (upstream {@code get_loss}): the kernel it computes, the lists it may stand in
 * and its keys. Registered in {@link LossTypes}.
 */
public record LossType(String name, List<String> aliases, String doc, LossKind kind, Set<LossUse> uses, KeySet keys)
        implements Registration {
    public LossType {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(kind, "kind");
        uses = Set.copyOf(uses);
        Objects.requireNonNull(keys, "keys");
    }

    public static LossType of(String name, String doc, LossKind kind, KeySet keys, LossUse... uses) {
        return new LossType(name, List.of(), doc, kind, Set.of(uses), keys);
    }

    /** This loss, also answering to {@code names}. */
    public LossType alsoNamed(String... names) {
        return new LossType(name, List.of(names), doc, kind, uses, keys);
    }

    /** Binds a loss entry (its {@code name} as written is kept as the label) and parses it. */
    public LossSpec parse(ConfigNode entry) {
        ConfigNode bound = bind(entry);
        return LossSpecParser.parseEntry(bound, bound.requireString("name"), kind);
    }
}
