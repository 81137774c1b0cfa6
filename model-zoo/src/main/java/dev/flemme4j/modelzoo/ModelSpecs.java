package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.NotYetSupported;
import dev.flemme4j.modelzoo.config.context.CombineCondition;
import dev.flemme4j.modelzoo.config.context.ModelContextParser;
import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import dev.flemme4j.modelzoo.config.loss.LossSpecParser;
import dev.flemme4j.modelzoo.config.loss.LossUse;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.LatentDiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.SupervisedDiffusionModelSpec;
import dev.flemme4j.modelzoo.encoder.ImageEncoders;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;
import java.util.Objects;

/**
 * Entry point from YAML to a {@link ModelSpec}: a registry of architecture names (upstream
 * {@code create_model}), each mapped to the parser of its section. Pure Java; never touches the engine.
 */
public final class ModelSpecs {
    private ModelSpecs() {
    }

    /** Names that {@link #parse} accepts. */
    public static List<String> supportedNames() {
        return Architectures.trainableNames();
    }

    /**
     * Parses and validates the {@code model:} mapping of a model the worker can train.
     *
     * @throws ConfigException naming the YAML path of the first problem; for {@code Base}, which has no loss,
     *                         naming {@code model.name}; for a conditional model, naming
     *                         {@code model.condition_embedding} (datasets carry no condition yet)
     */
    public static ModelSpec parse(ConfigNode section) {
        ModelSpec spec = parse(section, false);
        // diffusion models take their condition from the data record: the class label, or the input image (SDM)
        boolean conditionFromData = spec instanceof DiffusionModelSpec || spec instanceof LatentDiffusionModelSpec
                || spec instanceof SupervisedDiffusionModelSpec;
        if (spec.context().conditional() && !conditionFromData) {
            throw new ConfigException(section.pathOf("condition_embedding"), "training with a condition c is not supported"
                    + " by flemme4j yet (datasets carry no conditions); the model itself builds (ModelSpecs.parseBuildable)");
        }
        return spec;
    }

    /**
     * Parses any model {@link ModelFactory} can build, including {@code Base} (no loss: for inspection, export and
     * as a part of other models) and models that take a condition.
     *
     * @throws ConfigException naming the YAML path of the first problem
     */
    public static ModelSpec parseBuildable(ConfigNode section) {
        return parse(section, true);
    }

    private static ModelSpec parse(ConfigNode section, boolean baseAllowed) {
        Objects.requireNonNull(section, "model section");
        String name = section.dispatchName("name", "Base");
        VectorModelRules.check(section, name);
        Architecture<?> architecture = Architectures.KIND.resolve(section, "name", name);
        if (!architecture.trainable() && !baseAllowed) {
            throw section.error("name", name + (section.raw().get("name") != null ? "" : " (the default when name is missing)")
                    + " has no loss and is not trainable on its own; use one of " + String.join(", ", supportedNames()));
        }
        return architecture.parse(section);
    }

    /** The one reader of {@code loss_reduction}. */
    private static LossReduction lossReduction(ConfigNode model) {
        return LossReduction.NAMES.read(model, "loss_reduction", "mean");
    }

    public static BaseModelSpec parseBaseModel(ConfigNode model) {
        ImageEncoderSpec encoder = ImageEncoders.parse(model.requireNode("encoder"));
        ModelContextSpec context = parseContext(model, encoder, true);
        LossReduction reduction = lossReduction(model);
        rejectBaseModelFeatures(model);
        model.rejectUnknownKeys();
        return new BaseModelSpec(encoder, context, reduction);
    }

    static SegmentationModelSpec parseSegmentationModel(ConfigNode model) {
        ConfigNode encoderNode = model.requireNode("encoder");
        ImageEncoderSpec encoder = ImageEncoders.parse(encoderNode);
        List<LossSpec> losses = LossSpecParser.parseLosses(model, "segmentation_losses", LossUse.IMAGE, "Dice", encoder);
        LossReduction reduction = lossReduction(model);
        ModelContextSpec context = parseContext(model, encoder, false);
        rejectBaseModelFeatures(model);
        model.rejectUnknownKeys();
        return new SegmentationModelSpec(encoder, losses, reduction, context);
    }

    /** Base's time-step and condition keys; {@code readsTime} for models whose forward takes a time step. */
    private static ModelContextSpec parseContext(ConfigNode model, ImageEncoderSpec encoder, boolean readsTime) {
        PointCloudRules.rejectCondition(model, encoder);
        ModelContextSpec context = ModelContextParser.parse(model, encoder, readsTime);
        if (context.present() && !ImageEncoders.injectsContext(encoder.kind())) {
            throw model.error(context.time().present() ? "time_channel" : "condition_embedding", encoder.kind().yamlName()
                    + " encoders cannot take a time step or condition in flemme4j yet (CNN, UNet, ViT and Swin families can)");
        }
        return context;
    }

    static AutoEncoderModelSpec parseAutoEncoder(ConfigNode model) {
        ImageEncoderSpec encoder = ImageEncoders.parse(model.requireNode("encoder"));
        List<LossSpec> losses = LossSpecParser.parseLosses(model, "reconstruction_losses", LossUse.IMAGE, "MSE", encoder);
        boolean supervised = model.bool("is_supervised", false);
        requireReconstructableInput(model, encoder, supervised);
        LossReduction reduction = lossReduction(model);
        ModelContextSpec context = parseContext(model, encoder, false);
        rejectBaseModelFeatures(model);
        model.rejectUnknownKeys();
        return new AutoEncoderModelSpec(encoder, losses, reduction, supervised, context);
    }

    static VariationalModelSpec parseVariationalAutoEncoder(ConfigNode model) {
        ImageEncoderSpec encoder = ImageEncoders.parse(model.requireNode("encoder"));
        if (encoder.kind().uShaped()) {
            // upstream: "UNet are not suitable for constructing a VAE" (skips would bypass the sampled latent)
            throw new ConfigException(model.pathOf("encoder") + ".name", "VAE needs a decoder without skip connections; "
                    + encoder.kind().yamlName() + " is U-shaped, use CNN");
        }
        PointCloudRules.requireVectorLatentForVae(model, encoder);
        List<LossSpec> losses = LossSpecParser.parseLosses(model, "reconstruction_losses", LossUse.IMAGE, "MSE", encoder);
        LossSpec kl = LossSpecParser.parseDistributionLoss(model, "distribution_loss");
        boolean supervised = model.bool("is_supervised", false);
        requireReconstructableInput(model, encoder, supervised);
        LossReduction reduction = lossReduction(model);
        if (model.has("time_channel") && model.integer("time_channel", 0) != 0) {
            throw model.error("time_channel", "VAE has no time embedding (upstream raises NotImplementedError)");
        }
        ModelContextSpec context = parseContext(model, encoder, false);
        if (context.conditional() && context.condition().combine() == CombineCondition.INJECTION) {
            throw new ConfigException(model.pathOf("condition_embedding") + ".combine_condition", "a condition injected"
                    + " into the building blocks of a VAE is not supported yet in flemme4j; use cat (upstream's CVAE) or add");
        }
        rejectBaseModelFeatures(model);
        model.rejectUnknownKeys();
        return new VariationalModelSpec(encoder, losses, kl, reduction, supervised, context);
    }

    static HierarchicalModelSpec parseHierarchicalModel(ConfigNode model, String name) {
        ConfigNode encoderNode = model.requireNode("encoder");
        ImageEncoderSpec encoder = ImageEncoders.parse(encoderNode);
        PointCloudRules.rejectHierarchical(model, encoder, name);
        boolean segmentation = name.equals("HSeM");
        List<LossSpec> losses = segmentation
                ? LossSpecParser.parseLosses(model, "segmentation_losses", LossUse.IMAGE, "Dice", encoder)
                : LossSpecParser.parseLosses(model, "reconstruction_losses", LossUse.IMAGE, "MSE", encoder);
        boolean supervised = !segmentation && model.bool("is_supervised", false);
        if (!segmentation) {
            requireReconstructableInput(model, encoder, supervised);
        }
        LossReduction reduction = lossReduction(model);
        NotYetSupported.requireDefault(model, "interpolation_mode", v -> v == null || "nearest".equals(v),
                "interpolation other than nearest");
        String combine = model.choice("combine", "cat", List.of("cat", "add"));
        NotYetSupported.requireDefault(model, "apply_fft", v -> v == null || Boolean.FALSE.equals(v), "FFT combination");
        boolean featureExtraction = model.bool("final_feature_extraction", true);
        if (!featureExtraction) {
            // upstream HBaseModel.forward reads an unassigned local then (UnboundLocalError at the first batch)
            throw model.error("final_feature_extraction", "false is broken upstream (HBase forward fails); remove the key");
        }
        if (encoder.vectorEmbedding()) {
            throw encoderError(model, "dense_channels", name + " builds hierarchical maps from feature maps; remove dense_channels");
        }
        if (featureExtraction && !encoder.kind().transformer()) {
            requireFeatureGroups(model, encoder);
        }
        rejectTime(model);
        ModelContextSpec context = parseContext(model, encoder, false);
        rejectBaseModelFeatures(model);
        model.rejectUnknownKeys();
        return new HierarchicalModelSpec(name, encoder, losses, reduction, supervised, combine.equals("cat"), featureExtraction,
                context);
    }

    static ClassificationModelSpec parseClassificationModel(ConfigNode model) {
        ImageEncoderSpec encoder = ImageEncoders.parse(model.requireNode("encoder"));
        if (!encoder.vectorEmbedding() && encoder.pointCloud()) {
            throw encoderError(model, "vector_embedding", "ClM needs vector embeddings (upstream asserts it); remove the key or set true");
        }
        if (!encoder.vectorEmbedding()) {
            throw encoderError(model, encoder.kind().uShaped() ? "name" : "dense_channels", "ClM needs a vector latent: "
                    + (encoder.kind().uShaped() ? encoder.kind().yamlName() + " has no dense layers, use CNN with dense_channels"
                    : "set dense_channels, e.g. [256] (upstream forces vector_embedding)"));
        }
        List<LossSpec> losses = LossSpecParser.parseLosses(model, "classification_losses", LossUse.CLASSIFICATION, "CE");
        LossReduction reduction = lossReduction(model);
        ModelContextSpec context = ModelContextParser.parseEncoderOnly(model, encoder);
        model.rejectUnknownKeys();
        return new ClassificationModelSpec(encoder, losses, reduction, context);
    }

    /** Without supervision the target is the input, so the output must have the input's channels. */
    private static void requireReconstructableInput(ConfigNode model, ImageEncoderSpec encoder, boolean supervised) {
        if (!supervised && encoder.outChannel() != encoder.inChannel()) {
            throw encoderError(model, "out_channel", "an unsupervised auto-encoder reconstructs its input, so out_channel ("
                    + encoder.outChannel() + ") must equal in_channel (" + encoder.inChannel() + "); or set model.is_supervised: true");
        }
    }

    /** The feature blocks use GroupNorm(16): every hierarchical feature width must divide into 16 groups. */
    private static void requireFeatureGroups(ConfigNode model, ImageEncoderSpec encoder) {
        int g = HierarchicalModelSpec.FEATURE_GROUPS;
        if (encoder.latentChannel() % g != 0) {
            throw encoderError(model, encoder.middleChannels().isEmpty() ? "down_channels" : "middle_channels",
                    "hierarchical models normalise the latent (" + encoder.latentChannel() + " channels) in " + g
                    + " groups; use a multiple of " + g + " or model.final_feature_extraction: false");
        }
        for (int c : encoder.upChannels()) {
            if (c % g != 0) {
                throw encoderError(model, encoder.kind().uShaped() ? "down_channels" : "up_channels",
                        "hierarchical models normalise every up-stage feature in " + g + " groups, but one has " + c
                        + " channels; use multiples of " + g + " or model.final_feature_extraction: false");
            }
        }
    }

    private static ConfigException encoderError(ConfigNode model, String key, String reason) {
        return new ConfigException(model.pathOf("encoder") + "." + key, reason);
    }

    /** Base-model keys for features not built yet; their defaults are accepted. */
    private static void rejectBaseModelFeatures(ConfigNode model) {
        NotYetSupported.requireDefault(model, "decoder", Objects::isNull, "a separately configured decoder");
        NotYetSupported.requireDefault(model, "template_path", Objects::isNull, "model templates");
    }

    /**
     * Time-step keys of HSeM and HAE: upstream builds time layers for them (also in the feature blocks) but their
     * forward never passes a time step; flemme4j does not build those unused layers yet.
     */
    private static void rejectTime(ConfigNode model) {
        NotYetSupported.requireDefault(model, "time_channel", v -> v == null || Integer.valueOf(0).equals(v),
                "time embedding in " + model.string("name", "Base"));
        NotYetSupported.requireDefault(model, "time_injection", v -> v == null || "gate_bias".equals(v), "time embedding");
        NotYetSupported.requireDefault(model, "time_activation", v -> v == null || "silu".equals(v), "time embedding");
    }
}
