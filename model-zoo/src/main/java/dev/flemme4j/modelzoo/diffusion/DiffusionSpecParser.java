package dev.flemme4j.modelzoo.diffusion;

import dev.flemme4j.modelzoo.AutoEncoderModelSpec;
import dev.flemme4j.modelzoo.BaseModelSpec;
import dev.flemme4j.modelzoo.ModelKeys;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.VariationalModelSpec;
import dev.flemme4j.modelzoo.config.context.CombineCondition;
import dev.flemme4j.modelzoo.config.context.ConditionEmbedderSpec;
import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import dev.flemme4j.modelzoo.config.loss.LossSpecParser;
import dev.flemme4j.modelzoo.config.loss.LossUse;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.diffusion.BetaSchedule;
import dev.flemme4j.protocol.diffusion.DdimSteps;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.diffusion.Parameterization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the keys of Flemme's DDPM, DDIM and EDM sections (upstream {@code ddpm.py}, {@code ddim.py},
 * {@code edm.py}) with upstream's defaults. The caller rejects unknown keys, since the 2024 LDPM/LDIM/SDPM/SDIM
 * put their own keys beside these.
 */
final class DiffusionSpecParser {
    private DiffusionSpecParser() {
    }

    static final List<String> PROCESSES = List.of("DDPM", "DDIM", "EDM");

    /** A whole DDPM, DDIM or EDM section (bound to {@link DiffusionKeys#process}). */
    static DiffusionModelSpec parseDiffusion(ConfigNode model, String kind) {
        DiffusionModelSpec spec = parse(model, kind);
        model.rejectUnknownKeys();
        return spec;
    }

    /** LDM ({@code autoencoder} + {@code diffusion}), or the 2024 LDPM/LDIM ({@code ae_model} + DDPM/DDIM keys). */
    static LatentDiffusionModelSpec parseLatent(ConfigNode model, String name) {
        boolean current = name.equals("LDM");
        ConfigNode aeNode = model.requireNode(current ? "autoencoder" : "ae_model");
        ModelSpec ae = ModelSpecs.parseBuildable(aeNode);
        if (!(ae instanceof AutoEncoderModelSpec) && !(ae instanceof VariationalModelSpec)) {
            throw aeNode.error("name", "latent diffusion needs an AE or VAE, found " + ae.name());
        }
        DiffusionModelSpec diffusion = current ? nested(model) : parse(model, name.equals("LDPM") ? "DDPM" : "DDIM");
        boolean frozen = model.bool("freezed_ae", true);
        String aePath = model.has("ae_path") ? model.requireString("ae_path") : null;
        model.rejectUnknownKeys();
        requireLatentInput(model, current ? "diffusion" : null, ae, diffusion);
        return new LatentDiffusionModelSpec(name, ae, diffusion, frozen, aePath);
    }

    /** SDM ({@code diffusion} + {@code num_ensemble}), or the 2024 SDPM/SDIM (DDPM/DDIM keys + {@code num_ensemble}). */
    static SupervisedDiffusionModelSpec parseSupervised(ConfigNode model, String name) {
        boolean current = name.equals("SDM");
        DiffusionModelSpec diffusion = current ? nested(model) : parse(model, name.equals("SDPM") ? "DDPM" : "DDIM");
        int ensemble = model.integer("num_ensemble", 10);
        if (ensemble < 1) {
            throw model.error("num_ensemble", "must be positive, found " + ensemble);
        }
        model.rejectUnknownKeys();
        if (!diffusion.conditional()) {
            String at = (current ? model.pathOf("diffusion") + "." : model.path() + ".") + "eps_model";
            throw new ConfigException(at + ".condition_embedding", "supervised diffusion conditions on the input image: give the"
                    + " eps-model a condition, e.g. {combine_condition: cat, encoder: {name: Identity, out_channel: <in_channel>}}");
        }
        return new SupervisedDiffusionModelSpec(name, diffusion, ensemble);
    }

    private static DiffusionModelSpec nested(ConfigNode model) {
        ConfigNode raw = model.requireNode("diffusion");
        Object kindValue = raw.raw().get("name");
        String kind = kindValue instanceof String k ? k : null;
        if (!PROCESSES.contains(kind)) {
            throw raw.error("name", "expected one of " + PROCESSES + ", found " + (kind == null ? "none" : "'" + kind + "'"));
        }
        ConfigNode node = DiffusionKeys.process(kind).bind(raw);
        node.string("name", kind);
        DiffusionModelSpec spec = parse(node, kind);
        node.rejectUnknownKeys();
        return spec;
    }

    /** The eps-model's input must be the auto-encoder's latent. */
    private static void requireLatentInput(ConfigNode model, String diffusionKey, ModelSpec ae, DiffusionModelSpec d) {
        var e = ae.encoder();
        List<Integer> latent = new ArrayList<>();
        latent.add(e.encoderOutChannel());
        if (!e.vectorEmbedding()) {
            latent.addAll(e.latentSize());
        }
        List<Integer> in = tail(d.epsModel().inputShape(1));
        if (!in.equals(latent)) {
            String at = (diffusionKey == null ? model.path() : model.pathOf(diffusionKey)) + ".eps_model.encoder";
            throw new ConfigException(at, "the eps-model reads the auto-encoder's latent of shape " + latent
                    + " but takes " + in + " (in_channel and image_size)");
        }
    }

    /** {@code kind}: DDPM, DDIM or EDM; reads the keys of that process only. */
    static DiffusionModelSpec parse(ConfigNode model, String kind) {
        boolean edm = kind.equals("EDM");
        LossReduction reduction = LossReduction.NAMES.read(model, "loss_reduction", "mean");
        BaseModelSpec eps = parseEpsModel(model, reduction);
        ModelContextSpec context = eps.context();
        int steps = model.integer("num_steps", edm ? 20 : 1000);
        if (steps < (edm ? 2 : 1)) {
            throw model.error("num_steps", "must be at least " + (edm ? 2 : 1) + ", found " + steps);
        }
        double dropout = 0;
        double weight = 0;
        ConfigNode rawGuidance = model.node("classifier_free_guidance");
        if (rawGuidance != null) {
            ConfigNode cfg = DiffusionKeys.GUIDANCE_KEYS.bind(rawGuidance);
            if (!context.conditional()) {
                throw model.error("classifier_free_guidance", "needs a conditional eps-model (eps_model.condition_embedding)");
            }
            if (context.condition().combine() == CombineCondition.CAT) {
                throw new ConfigException(model.pathOf("eps_model") + ".condition_embedding.combine_condition",
                        "cat cannot be combined with classifier_free_guidance: a concatenated condition cannot be left out");
            }
            dropout = cfg.number("condition_dropout", 0.1);
            weight = cfg.number("guidance_weight", 1.0);
            if (dropout < 0 || dropout > 1) {
                throw cfg.error("condition_dropout", "must be in [0, 1], found " + dropout);
            }
            cfg.rejectUnknownKeys();
        }
        LossSpec epsLoss = single(model, "eps_loss", eps);
        List<LossSpec> recon = model.has("reconstruction_losses")
                ? LossSpecParser.parseLosses(model, "reconstruction_losses", LossUse.IMAGE, "MSE", eps.encoder()) : List.of();
        List<Integer> sample = tail(eps.inputShape(1));
        List<Integer> condition = context.conditional() ? tail(eps.inputShape(ModelSpec.CONDITION, 1)) : null;
        ConditionEmbedderSpec en = context.conditional() ? context.condition().encoder() : null;
        int classes = en != null && en.kind() == ConditionEmbedderSpec.Kind.ONE_HOT ? en.numClasses() : 0;
        DiffusionSettings settings;
        double[] training = null;
        if (edm) {
            double sMax = model.number("S_max", Double.POSITIVE_INFINITY);
            settings = new DiffusionSettings("EDM", "edm", steps, "linear", "epsilon", false, null, steps, "uniform", 0,
                    positive(model, "sigma_min", 0.002), positive(model, "sigma_max", 80), positive(model, "sigma_data", 0.5),
                    positive(model, "rho", 7), model.number("S_churn", 0), model.number("S_min", 0), sMax,
                    model.number("S_noise", 1), sample, condition, classes, rawGuidance != null, weight, null, null);
            training = new double[] {model.number("P_mean", -1.2), positive(model, "P_std", 1.2)};
        } else {
            String schedule = BetaSchedule.of(model.string("beta_schedule", "linear")).yamlName();
            String parameterization = model.choice("parameterization", "epsilon", Parameterization.NAMES);
            boolean clipped = model.bool("clipped", false);
            List<Double> clip = model.numberList("clip_range", List.of(-1.0, 1.0));
            if (clip.size() != 2 || clip.get(0) >= clip.get(1)) {
                throw model.error("clip_range", "expected [low, high] with low < high, found " + clip);
            }
            int sampleSteps = steps;
            String discretize = "uniform";
            double eta = 0;
            if (kind.equals("DDIM")) {
                sampleSteps = sampleSteps(model, steps);
                discretize = model.choice("sample_discretize", "uniform", DdimSteps.NAMES);
                eta = model.number("eta", 0.0);
                int[] tau = DdimSteps.of(discretize).grid(steps, sampleSteps);
                if (tau[tau.length - 1] >= steps) {
                    throw model.error("num_sample_steps", "the " + discretize + " grid reaches step " + tau[tau.length - 1]
                            + ", beyond num_steps - 1 (upstream would index past its schedule); use fewer sample steps");
                }
            }
            settings = new DiffusionSettings(kind, kind.toLowerCase(java.util.Locale.ROOT), steps, schedule, parameterization,
                    clipped, clip, sampleSteps, discretize, eta, 0.002, 80, 0.5, 7, 0, 0, Double.POSITIVE_INFINITY, 1,
                    sample, condition, classes, rawGuidance != null, weight, null, null);
        }
        return new DiffusionModelSpec(kind, eps, settings, dropout, epsLoss, recon, reduction, training);
    }

    private static BaseModelSpec parseEpsModel(ConfigNode model, LossReduction reduction) {
        ConfigNode node = ModelKeys.BASE.bind(model.requireNode("eps_model"));
        String name = node.string("name", "Base");
        if (name.equals("HBase")) {
            throw node.error("name", "HBase eps-models (the pyramid loss) are not supported yet in flemme4j; use Base");
        }
        if (!name.equals("Base")) {
            throw node.error("name", "a diffusion eps-model is Base or HBase (upstream), found '" + name + "'");
        }
        if (!node.has("time_channel") || node.integer("time_channel", 0) <= 0) {
            throw node.error("time_channel", "a diffusion eps-model needs a time embedding, e.g. time_channel: 128");
        }
        node.ignore("loss_reduction"); // upstream overwrites it with the diffusion model's
        if (node.raw().containsKey("eps_model") && node.raw().get("eps_model") == null) {
            // upstream's vessel_diffusion test configs carry a stray empty `eps_model:` here, which upstream never reads
            node.ignore("eps_model");
        }
        BaseModelSpec base = ModelSpecs.parseBaseModel(node);
        return new BaseModelSpec(base.encoder(), base.context(), reduction);
    }

    /** {@code num_sample_steps}; configs' {@code sample_num_steps}, which upstream never reads, is its declared alias. */
    private static int sampleSteps(ConfigNode model, int steps) {
        String key = "num_sample_steps";
        int s = model.integer(key, 100);
        if (s < 1 || s > steps) {
            throw model.error(key, "must be in [1, num_steps = " + steps + "], found " + s);
        }
        return s;
    }

    private static LossSpec single(ConfigNode model, String key, BaseModelSpec eps) {
        List<LossSpec> l = LossSpecParser.parseLosses(model, key, LossUse.IMAGE, "MSE", eps.encoder());
        if (l.size() != 1) {
            throw model.error(key, "expected one loss mapping, e.g. {name: MSE}, found " + l.size());
        }
        return l.get(0);
    }

    private static double positive(ConfigNode model, String key, double dflt) {
        double v = model.number(key, dflt);
        if (!(v > 0)) {
            throw model.error(key, "must be positive, found " + v);
        }
        return v;
    }

    private static List<Integer> tail(long[] shape) {
        List<Integer> out = new ArrayList<>();
        Arrays.stream(shape).skip(1).forEach(d -> out.add((int) d));
        return out;
    }
}
