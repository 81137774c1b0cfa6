package dev.flemme4j.modelzoo;

import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING_LIST;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.STRING;


import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/** The declared keys of the {@code model:} section, shared by the architectures that read them. */
public final class ModelKeys {
    public static final Key NAME_KEY = Key.of("name", NAME, "Base", "the architecture");
    public static final Key ENCODER = Key.required("encoder", MAPPING, "the encoder section (model.encoder)");
    public static final Key LOSS_REDUCTION = Key.of("loss_reduction", NAME, "mean", "how per-sample losses reduce over the batch: mean or sum");
    public static final Key CONDITION = Key.of("condition_embedding", MAPPING, null, "embeds a condition c and combines it with the"
            + " input/latent (cat, add) or injects it into the building blocks");
    public static final Key TIME_CHANNEL = Key.of("time_channel", INT, "0", "width of the sinusoidal time-step embedding; 0 = none");
    public static final Key TIME_INJECTION = Key.of("time_injection", NAME, "gate_bias", "how the time embedding enters each block");
    public static final Key TIME_ACTIVATION = Key.of("time_activation", NAME, "silu", "activation of the time-embedding MLP");
    public static final Key DECODER = Key.of("decoder", MAPPING, null, "a separately configured decoder (not supported yet: only null)");
    public static final Key TEMPLATE = Key.of("template_path", STRING, null, "model templates (not supported yet: only null)");
    public static final Key SUPERVISED = Key.of("is_supervised", BOOL, "false", "compare the output with the target instead of the"
            + " input").alias("is_supervising");
    public static final Key SEGMENTATION_LOSSES = Key.of("segmentation_losses", MAPPING_LIST, "[{name: Dice}]", "weighted loss list");
    public static final Key RECONSTRUCTION_LOSSES = Key.of("reconstruction_losses", MAPPING_LIST, "[{name: MSE}]", "weighted loss list");
    public static final Key CLASSIFICATION_LOSSES = Key.of("classification_losses", MAPPING_LIST, "[{name: CE}]", "weighted loss list");
    public static final Key DISTRIBUTION_LOSS = Key.of("distribution_loss", MAPPING, "{name: KL}", "the latent's distribution loss");

    /** Upstream Base's keys, read by every encoder-decoder architecture. */
    public static final KeySet BASE = KeySet.of(NAME_KEY, ENCODER, LOSS_REDUCTION, TIME_CHANNEL, TIME_INJECTION, TIME_ACTIVATION,
            CONDITION, DECODER, TEMPLATE);

    /** HBase's keys (HSeM, HAE) besides Base's. */
    public static final KeySet HIERARCHICAL = BASE.plus(
            Key.of("interpolation_mode", NAME, "nearest", "how hierarchical outputs resize to the image (nearest only)"),
            Key.of("combine", NAME, "cat", "how the resized outputs combine: cat or add"),
            Key.of("apply_fft", BOOL, "false", "combination in the rFFT domain (not supported yet: only false)"),
            Key.of("final_feature_extraction", BOOL, "true", "a feature block after the combination (false is broken upstream)"));

    /** ClM (upstream OnlyEncoder + classifier head): no decoder side, no time step. */
    public static final KeySet CLASSIFICATION = KeySet.of(NAME_KEY, ENCODER, LOSS_REDUCTION, CLASSIFICATION_LOSSES,
            CONDITION.withDoc("the condition embedding itself plus combine_condition, condition_injection, condition_first"));

    private ModelKeys() {
    }
}
