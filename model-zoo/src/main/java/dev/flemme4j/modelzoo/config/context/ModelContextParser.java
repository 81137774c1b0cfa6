package dev.flemme4j.modelzoo.config.context;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Base-model context keys of {@code model}: {@code time_channel}, {@code time_injection},
 * {@code time_activation} and the {@code condition_embedding} section, with upstream's defaults, and rejects the
 * combinations upstream cannot run (each with the YAML path and the reason).
 */
public final class ModelContextParser {
    private static final String MERGE = "merge_timestep_and_condition";
    private static final List<String> SINUSOIDAL_NAMES = List.of("Position", "Time");

    private ModelContextParser() {
    }

    /**
     * @param model     the {@code model} section
     * @param encoder   the parsed {@code model.encoder}
     * @param readsTime whether the architecture's forward takes a time step (Base)
     */
    public static ModelContextSpec parse(ConfigNode model, ImageEncoderSpec encoder, boolean readsTime) {
        TimeEmbeddingSpec time = parseTime(model);
        ConfigNode section = model.node("condition_embedding");
        ConditionEmbeddingSpec condition = section == null ? null : parseCondition(section, encoder, time, readsTime);
        return new ModelContextSpec(time, condition, readsTime && time.present());
    }

    /**
     * The {@code condition_embedding} of an encoder-only model (upstream's OnlyEncoder, under ClM): the section
     * is itself the embedding config plus {@code combine_condition}, {@code condition_injection} and
     * {@code condition_first}; there is no decoder side and no time step.
     */
    public static ModelContextSpec parseEncoderOnly(ConfigNode model, ImageEncoderSpec encoder) {
        ConfigNode raw = model.node("condition_embedding");
        if (raw == null) {
            return ModelContextSpec.NONE;
        }
        if (ImageEncoders.KIND.names().contains(String.valueOf(raw.raw().get("name")))) {
            return encoderOnly(raw, encoder); // an image encoder embeds c: its own keys
        }
        return encoderOnly(ConditionKeys.ENCODER_ONLY.bind(raw), encoder);
    }

    private static ModelContextSpec encoderOnly(ConfigNode ce, ImageEncoderSpec encoder) {
        for (String side : List.of("encoder", "decoder")) {
            if (ce.raw().get(side) != null) {
                throw ce.error(side, "an encoder-only model's condition_embedding is the embedding itself (upstream"
                        + " OnlyEncoder), e.g. {name: OneHot, num_classes: 10, out_channel: 1, combine_condition: cat}");
            }
        }
        CombineCondition combine = CombineCondition.NAMES.read(ce, "combine_condition", "add");
        InjectionKind injection = InjectionKind.CONDITION_NAMES.read(ce, "condition_injection", "gate_bias");
        boolean conditionFirst = ce.bool("condition_first", false);
        ConditionEmbedderSpec en = parseEmbedder(ce, combine, false, encoder);
        ConditionEmbeddingSpec spec = new ConditionEmbeddingSpec(combine, injection, conditionFirst, en, null, false);
        checkCombination(ce, spec, encoder, TimeEmbeddingSpec.NONE, false, false, ce.path(), ce.pathOf("decoder"));
        return new ModelContextSpec(TimeEmbeddingSpec.NONE, spec, false);
    }

    private static TimeEmbeddingSpec parseTime(ConfigNode model) {
        int channel = model.integer("time_channel", 0);
        if (channel < 0 || (channel > 0 && (channel < 16 || channel % 8 != 0))) {
            throw model.error("time_channel", "must be 0 (no time embedding) or a multiple of 8 of at least 16 (upstream's"
                    + " sinusoid has time_channel/8 frequencies spaced by 1/(time_channel/8 - 1)), found " + channel);
        }
        InjectionKind injection = InjectionKind.TIME_NAMES.read(model, "time_injection", "gate_bias");
        Activation activation = Activation.NAMES.read(model, "time_activation", "silu");
        return new TimeEmbeddingSpec(channel, injection, activation);
    }

    private static ConditionEmbeddingSpec parseCondition(ConfigNode raw, ImageEncoderSpec encoder, TimeEmbeddingSpec time,
            boolean readsTime) {
        ConfigNode ce = ConditionKeys.SECTION.bind(raw);
        CombineCondition combine;
        InjectionKind injection;
        String mergeKey = MERGE;
        boolean merge = ce.bool(mergeKey, false);
        if (merge) {
            // the 2024 form: the condition embedding joins the time embedding, added (combine_condition: add, the
            // default) or concatenated (cat); today's combine_condition: injection + condition_injection add_to_time / cat_to_time
            String given = ce.has("combine_condition") ? String.valueOf(ce.rawValue("combine_condition")) : "add";
            if (ce.has("condition_injection") || !List.of("add", "cat").contains(given)) {
                String other = ce.has("condition_injection") ? "condition_injection" : "combine_condition";
                throw new ConfigException(ce.pathOf(mergeKey), "'" + mergeKey + ": true' (2024) and '" + other + "' ("
                        + ce.pathOf(other) + ") are two spellings of the same setting; " + mergeKey
                        + ": true means combine_condition: injection with condition_injection: add_to_time (or cat_to_time"
                        + " for combine_condition: cat); keep only one");
            }
            combine = CombineCondition.INJECTION;
            injection = given.equals("cat") ? InjectionKind.CAT_TO_TIME : InjectionKind.ADD_TO_TIME;
        } else {
            combine = CombineCondition.NAMES.read(ce, "combine_condition", "add");
            injection = InjectionKind.CONDITION_NAMES.read(ce, "condition_injection", "gate_bias");
        }
        boolean conditionFirst = ce.bool("condition_first", false);
        ConfigNode encoderNode = ce.node("encoder");
        ConditionEmbedderSpec en = encoderNode == null ? null
                : parseEmbedder(encoderNode, combine, false, encoder);
        Object decoderRaw = ce.rawValue("decoder");
        boolean shared = "same_as_encoder".equals(decoderRaw);
        ConditionEmbedderSpec de;
        if (shared) {
            if (en == null) {
                throw ce.error("decoder", "same_as_encoder needs condition_embedding.encoder");
            }
            de = en;
        } else if (decoderRaw instanceof String s) {
            throw ce.error("decoder", "expected an embedding mapping or 'same_as_encoder', found '" + s + "'");
        } else {
            ConfigNode decoderNode = ce.node("decoder");
            de = decoderNode == null ? null : parseEmbedder(decoderNode, combine, true, encoder);
        }
        ce.rejectUnknownKeys();
        if (en == null && de == null) {
            throw new ConfigException(ce.path(), "names no embedding; add condition_embedding.encoder and/or .decoder"
                    + " (e.g. {name: OneHot, num_classes: 10, out_channel: 64})");
        }
        ConditionEmbeddingSpec spec = new ConditionEmbeddingSpec(combine, injection, conditionFirst, en, de, shared);
        checkCombination(ce, spec, encoder, time, readsTime, merge);
        return spec;
    }

    private static ConditionEmbedderSpec parseEmbedder(ConfigNode node, CombineCondition combine, boolean decoderSide,
            ImageEncoderSpec model) {
        if (ImageEncoders.KIND.names().contains(String.valueOf(node.raw().get("name")))) {
            return parseEncoderEmbedder(node, String.valueOf(node.raw().get("name")));
        }
        if (node.declaredKeys() == null) {
            node = ConditionKeys.EMBEDDER.bind(node);
        }
        String name = node.requireString("name");
        ConditionEmbedderSpec.Kind kind;
        if ("Identity".equals(name)) {
            kind = ConditionEmbedderSpec.Kind.IDENTITY;
        } else if ("OneHot".equals(name)) {
            kind = ConditionEmbedderSpec.Kind.ONE_HOT;
        } else if (SINUSOIDAL_NAMES.contains(name)) {
            kind = ConditionEmbedderSpec.Kind.POSITION;
        } else {
            List<String> known = new ArrayList<>(List.of("Identity", "OneHot", "Position", "Time"));
            known.addAll(ImageEncoders.KIND.names());
            throw node.error("name", "unknown condition embedding '" + name + "'" + ConfigNode.suggestion(name, known)
                    + "; supported: " + String.join(", ", known));
        }
        Object rawOut = node.rawValue("out_channel");
        if (rawOut == null) {
            throw node.error("out_channel", "is required for a " + name + " embedding");
        }
        int out = node.integer("out_channel", 0);
        if (out <= 0) {
            throw node.error("out_channel", "must be positive, found " + out);
        }
        Activation activation = Activation.NAMES.read(node, "activation", "relu");
        int classes = 0;
        List<Integer> input;
        List<Integer> outputSpatial = List.of();
        switch (kind) {
            case ONE_HOT -> {
                Object rawClasses = node.rawValue("num_classes");
                if (rawClasses == null) {
                    throw node.error("num_classes", "is required for a OneHot embedding");
                }
                classes = node.integer("num_classes", 0);
                if (classes <= 0) {
                    throw node.error("num_classes", "must be positive, found " + classes);
                }
                if (node.bool("apply_onehot", false)) {
                    if (classes == 2) {
                        // upstream one-hot encodes into the single column it keeps for two classes, which fails for class 1
                        throw node.error("apply_onehot", "two classes are one column upstream; pass that column (apply_onehot: false)");
                    }
                    input = List.of(); // a class index per sample
                } else {
                    input = List.of(classes == 2 ? 1 : classes);
                }
            }
            case POSITION -> {
                if (out < 16 || out % 8 != 0) {
                    throw node.error("out_channel", "a sinusoidal embedding needs a multiple of 8 of at least 16, found " + out);
                }
                input = List.of();
            }
            default -> {
                // Identity: the condition is the embedding. Injection reads vectors; add/cat read a map shaped
                // like what it joins (an upstream 2-D condition would be broadcast, but an export needs one shape)
                if (combine == CombineCondition.INJECTION) {
                    input = List.of(out);
                } else {
                    outputSpatial = decoderSide ? (model.vectorEmbedding() ? List.of() : model.latentSize()) : model.imageSize();
                    List<Integer> shape = new ArrayList<>(List.of(out));
                    shape.addAll(outputSpatial);
                    input = shape;
                }
            }
        }
        node.rejectUnknownKeys();
        if (kind == ConditionEmbedderSpec.Kind.IDENTITY) {
            activation = null;
        }
        return new ConditionEmbedderSpec(kind, out, classes, activation, null, input, outputSpatial);
    }

    private static ConditionEmbedderSpec parseEncoderEmbedder(ConfigNode node, String name) {
        // the encoder's own keys; `type` is the embedding's (upstream configs carry it, Flemme never reads it)
        java.util.Map<String, Object> encoderKeys = new java.util.LinkedHashMap<>(node.raw());
        encoderKeys.remove("type");
        ImageEncoderSpec e = ImageEncoders.parse(node.withValues(encoderKeys));
        if (e.kind().uShaped()) {
            throw node.error("name", name + " returns skip features besides its latent and cannot embed a condition; use CNN");
        }
        List<Integer> input = new ArrayList<>(List.of(e.inChannel()));
        input.addAll(e.imageSize());
        return new ConditionEmbedderSpec(ConditionEmbedderSpec.Kind.ENCODER, e.encoderOutChannel(), 0, null, e, input,
                e.vectorEmbedding() ? List.of() : e.latentSize());
    }

    /** Rules upstream enforces with asserts, or breaks on at the first forward pass. */
    private static void checkCombination(ConfigNode ce, ConditionEmbeddingSpec s, ImageEncoderSpec encoder,
            TimeEmbeddingSpec time, boolean readsTime, boolean merge) {
        checkCombination(ce, s, encoder, time, readsTime, merge, ce.pathOf("encoder"), ce.pathOf("decoder"));
    }

    /** @param encPath the YAML path of the encoder-side embedding config ({@code decPath} likewise) */
    private static void checkCombination(ConfigNode ce, ConditionEmbeddingSpec s, ImageEncoderSpec encoder,
            TimeEmbeddingSpec time, boolean readsTime, boolean merge, String encPath, String decPath) {
        String injectionPath = ce.pathOf(merge ? MERGE : "condition_injection");
        ConditionEmbedderSpec en = s.encoder();
        ConditionEmbedderSpec de = s.decoder();
        if (en != null && de != null && !s.decoderSharesEncoder() && !en.inputShape().equals(de.inputShape())) {
            throw new ConfigException(decPath, "reads the same condition c as condition_embedding.encoder, but expects c of"
                    + " shape " + shape(de.inputShape()) + " where the encoder embedding expects " + shape(en.inputShape()));
        }
        switch (s.combine()) {
            case ADD -> {
                if (en != null) {
                    requireJoinable(encPath, en, encoder.inChannel(), encoder.imageSize(), "in_channel of model.encoder");
                }
                if (de != null) {
                    requireJoinable(decPath, de, encoder.encoderOutChannel(),
                            encoder.vectorEmbedding() ? List.of() : encoder.latentSize(), "the encoder's latent channels");
                }
            }
            case CAT -> {
                if (de != null && !encoder.vectorEmbedding()) {
                    // Upstream HEAD fails here with KeyError 'latent_channel'; up to cde13ac it widened the decoder's
                    // input by the embedding, which flemme4j does for a vector latent (the CVAE) only.
                    throw new ConfigException(decPath, "combine_condition: cat conditions the decoder only through a"
                            + " vector latent in flemme4j (give model.encoder dense_channels, as upstream's CVAE does);"
                            + " for a map latent use add or injection, or condition the encoder only");
                }
                if (de != null && !de.vector()) {
                    throw new ConfigException(decPath, "a condition concatenated to the vector latent must be a vector"
                            + " (B, channels); this embedding is a map " + de.outputSpatial());
                }
                if (en != null && !en.vector() && !en.outputSpatial().equals(encoder.imageSize())) {
                    throw new ConfigException(encPath, "a concatenated condition map must have the image size "
                            + encoder.imageSize() + ", but this embedding is " + en.outputSpatial());
                }
            }
            case INJECTION -> {
                for (ConditionEmbedderSpec e : s.decoderSharesEncoder() ? List.of(en) : java.util.Arrays.asList(en, de)) {
                    if (e != null && !e.vector()) {
                        throw new ConfigException(e == en ? encPath : decPath, "an injected condition must be a vector"
                                + " (B, channels); this embedding is a map " + e.outputSpatial() + " (give the encoder dense_channels)");
                    }
                }
                if (en == null) {
                    // upstream sizes the blocks' condition layers from the encoder embedding only
                    throw new ConfigException(decPath, "upstream ignores an injected condition for the decoder alone (its"
                            + " blocks get no condition layers); add condition_embedding.encoder or use add");
                }
                if (de != null && de.outChannel() != en.outChannel()) {
                    throw new ConfigException(decPath + ".out_channel", "decoder blocks inject with the encoder embedding's"
                            + " width " + en.outChannel() + " (upstream shares it), so this embedding must have it too, found "
                            + de.outChannel());
                }
                checkMergeIntoTime(s, en, de, time, readsTime, injectionPath, encPath, decPath);
            }
        }
        if (s.combine() != CombineCondition.INJECTION
                && (s.injection() != InjectionKind.GATE_BIAS || s.conditionFirst())) {
            // upstream reads these and ignores them; say so rather than let a user believe they do something
            String key = s.conditionFirst() ? "condition_first" : "condition_injection";
            throw new ConfigException(ce.pathOf(key), "only applies with combine_condition: injection (found "
                    + s.combine().name().toLowerCase() + ")");
        }
        if (s.combine() == CombineCondition.INJECTION && !time.present() && s.injection().mergesIntoTime()) {
            throw new ConfigException(injectionPath, "merges the condition into the time embedding, but model.time_channel is 0");
        }
    }

    private static void checkMergeIntoTime(ConditionEmbeddingSpec s, ConditionEmbedderSpec en, ConditionEmbedderSpec de,
            TimeEmbeddingSpec time, boolean readsTime, String injectionPath, String encPath, String decPath) {
        if (!s.injection().mergesIntoTime() || !time.present()) {
            return;
        }
        if (s.injection() == InjectionKind.ADD_TO_TIME && en.outChannel() != time.channel()) {
            throw new ConfigException(encPath + ".out_channel", "add_to_time adds the condition embedding to the time"
                    + " embedding, so it needs model.time_channel (" + time.channel() + ") channels, found " + en.outChannel());
        }
        if (s.injection() == InjectionKind.CAT_TO_TIME) {
            if (!readsTime) {
                throw new ConfigException(injectionPath, "cat_to_time needs a time step in every block, and this model's"
                        + " forward takes none (only Base does); use add_to_time or gate_bias");
            }
            if (de == null) {
                throw new ConfigException(decPath, "cat_to_time widens the decoder blocks' time layers too, so the decoder"
                        + " needs the condition as well (upstream fails otherwise); add decoder: same_as_encoder");
            }
        }
    }

    private static void requireJoinable(String path, ConditionEmbedderSpec e, int channels, List<Integer> spatial, String what) {
        if (e.outChannel() != channels) {
            throw new ConfigException(path + ".out_channel", "combine_condition: add needs the embedding to have the"
                    + " channels of " + what + " (" + channels + "), found " + e.outChannel());
        }
        if (!e.vector() && !e.outputSpatial().equals(spatial)) {
            throw new ConfigException(path, "an added condition map must have the size " + spatial + ", but this embedding is "
                    + e.outputSpatial());
        }
    }

    private static String shape(List<Integer> s) {
        List<String> parts = new ArrayList<>(List.of("B"));
        s.forEach(v -> parts.add(String.valueOf(v)));
        return "(" + String.join(", ", parts) + ")";
    }
}
