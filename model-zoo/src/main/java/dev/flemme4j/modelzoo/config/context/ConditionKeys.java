package dev.flemme4j.modelzoo.config.context;

import static dev.flemme4j.protocol.registry.KeyType.ANY;
import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING;
import static dev.flemme4j.protocol.registry.KeyType.NAME;

import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/**
 * The declared keys of a {@code condition_embedding} section and of the embeddings in it, with upstream's defaults.
 * An embedding named after an image encoder (e.g. CNN) takes that encoder's keys instead (see the encoder kind).
 */
public final class ConditionKeys {
    private static final Key COMBINE = Key.of("combine_condition", NAME, "add", "how c joins x and z: add, cat or injection (into every block)");
    private static final Key INJECTION = Key.of("condition_injection", NAME, "gate_bias",
            "with combine_condition: injection, how the block takes c (gate_bias, bias, add_to_time, cat_to_time, ...)");
    private static final Key FIRST = Key.of("condition_first", BOOL, "false", "cat: the condition's channels before the input's");

    /** One embedding: Identity, OneHot, Position/Time (or an image encoder, with its own keys). */
    public static final KeySet EMBEDDER = KeySet.of(
            Key.required("name", NAME, "Identity, OneHot, Position, Time, or an image encoder (CNN, ...)"),
            Key.required("out_channel", INT, "width of the embedding"),
            Key.of("activation", NAME, "relu", "activation of the OneHot/Position embedding MLP"),
            Key.of("num_classes", INT, null, "OneHot: classes (required)"),
            Key.of("apply_onehot", BOOL, "false", "OneHot: the condition is a class index per sample instead of a one-hot row"),
            Key.of("type", ANY, null, "upstream configs' embedding type (e.g. categories)")
                    .withoutEffect("Flemme never reads it; the embedding follows from name"));

    /** {@code model.condition_embedding} of a model with an encoder and a decoder side. */
    public static final KeySet SECTION = KeySet.of(COMBINE, INJECTION, FIRST,
            Key.of("merge_timestep_and_condition", BOOL, "false", "2024: true joins c to the time embedding (today"
                    + " combine_condition: injection with condition_injection: add_to_time, or cat_to_time for cat)"),
            Key.of("encoder", MAPPING, null, "the embedding of c for the encoder side").withSection(EMBEDDER),
            Key.of("decoder", ANY, null, "the embedding of c for the decoder side, or same_as_encoder").withSection(EMBEDDER),
            Key.of("merge_timestep_and_context", BOOL, null, "the seed documentation's spelling in its SDIM example")
                    .withoutEffect("Flemme never reads this spelling (2024 or today); merge_timestep_and_condition is the key"));

    /** The {@code condition_embedding} of an encoder-only model (ClM): the embedding itself plus how it joins. */
    public static final KeySet ENCODER_ONLY = EMBEDDER.plus(COMBINE, INJECTION, FIRST);

    private ConditionKeys() {
    }
}
