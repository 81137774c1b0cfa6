package dev.flemme4j.modelzoo.config.loss;

import dev.flemme4j.protocol.registry.NameTable;

/** What Dice applies to logits before comparing with the target. */
public enum DiceNormalization {
    SIGMOID, SOFTMAX, NONE;

    public static final NameTable<DiceNormalization> NAMES = NameTable.<DiceNormalization>of("Dice normalization")
            .add("sigmoid", SIGMOID).add("softmax", SOFTMAX).add("none", NONE).build();
}
