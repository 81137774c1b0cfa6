package dev.flemme4j.protocol.registry;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;

/**
 * What every registered {@code name:} of a YAML kind declares: its name, other names it answers to (older
 * spellings), a one-line doc and its keys. {@link Component} adds a parser; a kind may add more (e.g. model-zoo's
 * architectures also build their network).
 */
public interface Registration {
    String name();

    /** Other names this entry answers to, e.g. the 2024 {@code PointWise} for {@code FCN}. */
    List<String> aliases();

    String doc();

    KeySet keys();

    /**
     * {@code section} renamed and bound to {@link #keys()}: what this entry's parser reads. Its {@code name} key
     * counts as read: the kind resolved this entry from it.
     */
    default ConfigNode bind(ConfigNode section) {
        ConfigNode bound = keys().bind(section);
        if (bound.declaredKeys().contains("name")) {
            bound.ignore("name");
        }
        return bound;
    }
}
