package dev.flemme4j.modelzoo.config;

/**
 * One weighted loss term. {@code label} is the YAML name as written (used in logs, e.g. "Dice", "BCEL").
 *
 * @param diceNormalization only meaningful for {@link LossKind#DICE}
 */
public record LossSpec(String label, LossKind kind, double weight, DiceNormalization diceNormalization) {
}
