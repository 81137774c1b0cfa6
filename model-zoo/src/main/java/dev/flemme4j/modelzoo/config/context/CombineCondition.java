package dev.flemme4j.modelzoo.config.context;

import dev.flemme4j.protocol.registry.NameTable;

/**
 * {@code condition_embedding.combine_condition}: how an embedded condition meets the encoder input or the
 * decoder's latent. {@code add} adds it (channels must match; a vector is broadcast over space), {@code cat}
 * concatenates it along channels (widening the encoder input), {@code injection} hands it to every building block.
 */
public enum CombineCondition {
    ADD, CAT, INJECTION;

    public static final NameTable<CombineCondition> NAMES = NameTable.<CombineCondition>of("combine_condition")
            .add("add", ADD).add("cat", CAT).add("injection", INJECTION).build();
}
