package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.ImageEncoderSpecParser;
import dev.flemme4j.modelzoo.config.LossReduction;
import dev.flemme4j.modelzoo.config.LossSpec;
import dev.flemme4j.modelzoo.config.LossSpecParser;
import dev.flemme4j.modelzoo.config.NotYetSupported;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Entry point from YAML to a {@link ModelSpec}: a registry of architecture names (upstream
 * {@code create_model}), each mapped to the parser of its section. Pure Java; never touches the engine.
 */
public final class ModelSpecs {
    private static final Map<String, Function<ConfigNode, ModelSpec>> BUILDABLE = new LinkedHashMap<>();
    /** Names upstream knows (HEAD plus the 2024 LDPM/LDIM/SDPM/SDIM) that flemme4j cannot build yet. */
    private static final List<String> NOT_YET = List.of("ClM", "HSeM", "AE", "HAE", "VAE", "HBase", "OnlyEncoder",
            "OnlyDecoder", "DDPM", "DDIM", "EDM", "LDM", "SDM", "LDPM", "LDIM", "SDPM", "SDIM");

    static {
        BUILDABLE.put("SeM", ModelSpecs::parseSegmentationModel);
    }

    private ModelSpecs() {
    }

    /** Names that {@link #parse} accepts. */
    public static List<String> supportedNames() {
        return List.copyOf(BUILDABLE.keySet());
    }

    /**
     * Parses and validates the {@code model:} mapping.
     *
     * @throws ConfigException naming the YAML path of the first problem
     */
    public static ModelSpec parse(ConfigNode model) {
        Objects.requireNonNull(model, "model section");
        String name = model.string("name", "Base");
        Function<ConfigNode, ModelSpec> parser = BUILDABLE.get(name);
        if (parser != null) {
            return parser.apply(model);
        }
        if (name.equals("Base")) {
            throw model.error("name", "Base" + (model.has("name") ? "" : " (the default when name is missing)")
                    + " has no loss and is not trainable on its own; use one of " + String.join(", ", BUILDABLE.keySet()));
        }
        if (NOT_YET.contains(name)) {
            throw model.error("name", "model '" + name + "' is not supported yet in flemme4j; supported: "
                    + String.join(", ", BUILDABLE.keySet()));
        }
        List<String> known = new ArrayList<>(BUILDABLE.keySet());
        known.addAll(NOT_YET);
        known.add("Base");
        throw model.error("name", "unknown model '" + name + "'" + ConfigNode.suggestion(name, known)
                + "; supported: " + String.join(", ", BUILDABLE.keySet()));
    }

    private static ModelSpec parseSegmentationModel(ConfigNode model) {
        ConfigNode encoderNode = model.requireNode("encoder");
        ImageEncoderSpec encoder = ImageEncoderSpecParser.parse(encoderNode);
        List<LossSpec> losses = LossSpecParser.parseSegmentationLosses(model, "segmentation_losses");
        LossReduction reduction = LossReduction.NAMES.read(model, "loss_reduction", "mean");
        rejectBaseModelFeatures(model);
        model.rejectUnknownKeys();
        return new SegmentationModelSpec(encoder, losses, reduction);
    }

    /** Base-model keys for features not built yet; their defaults are accepted. */
    private static void rejectBaseModelFeatures(ConfigNode model) {
        NotYetSupported.requireDefault(model, "time_channel", v -> v == null || Integer.valueOf(0).equals(v), "time embedding");
        NotYetSupported.requireDefault(model, "time_injection", v -> v == null || "gate_bias".equals(v), "time embedding");
        NotYetSupported.requireDefault(model, "time_activation", v -> v == null || "silu".equals(v), "time embedding");
        NotYetSupported.requireDefault(model, "condition_embedding", Objects::isNull, "condition embedding");
        NotYetSupported.requireDefault(model, "decoder", Objects::isNull, "a separately configured decoder");
        NotYetSupported.requireDefault(model, "template_path", Objects::isNull, "model templates");
    }
}
