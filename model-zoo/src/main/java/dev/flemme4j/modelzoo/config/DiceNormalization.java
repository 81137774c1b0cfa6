package dev.flemme4j.modelzoo.config;

/** What Dice applies to logits before comparing with the target. */
public enum DiceNormalization {
    SIGMOID, SOFTMAX, NONE;

    public static final NamedChoice<DiceNormalization> NAMES = NamedChoice.<DiceNormalization>of("Dice normalization")
            .add("sigmoid", SIGMOID).add("softmax", SOFTMAX).add("none", NONE).build();
}
