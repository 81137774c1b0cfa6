package dev.flemme4j.modelzoo.diffusion;

import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING_LIST;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER_LIST;
import static dev.flemme4j.protocol.registry.KeyType.STRING;


import dev.flemme4j.modelzoo.ModelKeys;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/** The declared keys of Flemme's diffusion sections (DDPM, DDIM, EDM and the LDM/SDM wrappers, 2024 names included). */
final class DiffusionKeys {
    static final Key EPS_MODEL = Key.required("eps_model", MAPPING, "the noise predictor: a Base with time_channel > 0");
    /** The keys of the classifier_free_guidance section. */
    static final KeySet GUIDANCE_KEYS = KeySet.of(
            Key.of("condition_dropout", NUMBER, "0.1", "probability, per training step, of dropping the condition for the whole batch"),
            Key.of("guidance_weight", NUMBER, "1.0", "w of sampling's (1 + w) e(x, t, c) - w e(x, t); the default of /sample's guidance"));
    static final Key GUIDANCE = Key.of("classifier_free_guidance", MAPPING, null, "{condition_dropout (0.1), guidance_weight"
            + " (1.0)}: drop the condition for whole batches in training, guide sampling with (1 + w) e_c - w e")
            .withSection(GUIDANCE_KEYS);
    static final Key EPS_LOSS = Key.of("eps_loss", MAPPING, "{name: MSE}", "the loss on the model output");
    static final Key RECON = Key.of("reconstruction_losses", MAPPING_LIST, null, "extra losses on the predicted x0");
    static final Key ENSEMBLE = Key.of("num_ensemble", INT, "10", "supervised diffusion: samples averaged per prediction");
    static final Key ENSEMBLE_IGNORED = ENSEMBLE.withoutEffect("an SDM key, read from the SDM level only (upstream ignores it here)");

    private static final KeySet COMMON = KeySet.of(ModelKeys.NAME_KEY, EPS_MODEL, ModelKeys.LOSS_REDUCTION, GUIDANCE, EPS_LOSS, RECON);
    private static final Key SAMPLE_STEPS = Key.of("num_sample_steps", INT, "100", "DDIM: length of the step grid tau")
            .alias("sample_num_steps");
    private static final Key DISCRETIZE = Key.of("sample_discretize", NAME, "uniform", "DDIM: uniform or quad step grid");
    private static final Key ETA = Key.of("eta", NUMBER, "0.0", "DDIM: stochasticity (0 = deterministic)");

    /** DDPM's process keys (without num_ensemble). */
    static final KeySet DDPM_PROCESS = COMMON.plus(
            Key.of("num_steps", INT, "1000", "diffusion steps T"),
            Key.of("beta_schedule", NAME, "linear", "linear, or any other value for the cosine schedule (cosine, consine)"),
            Key.of("parameterization", NAME, "epsilon", "what the model predicts: epsilon, velocity or start"),
            Key.of("clipped", BOOL, "false", "clamp the predicted x0 to clip_range while sampling"),
            Key.of("clip_range", NUMBER_LIST, "[-1, 1]", "range of the clamped x0 (and of the PNG rendering)"));
    /** DDIM's: DDPM's plus the step grid. */
    static final KeySet DDIM_PROCESS = DDPM_PROCESS.plus(SAMPLE_STEPS, DISCRETIZE, ETA);
    static final KeySet EDM_PROCESS = COMMON.plus(
            Key.of("num_steps", INT, "20", "Karras grid size when sampling"),
            Key.of("sigma_min", NUMBER, "0.002", "smallest noise level"),
            Key.of("sigma_max", NUMBER, "80", "largest noise level"),
            Key.of("sigma_data", NUMBER, "0.5", "data standard deviation in the preconditioning"),
            Key.of("rho", NUMBER, "7", "Karras grid exponent"),
            Key.of("S_churn", NUMBER, "0", "stochastic churn"),
            Key.of("S_min", NUMBER, "0", "churn applies for sigma >= S_min"),
            Key.of("S_max", NUMBER, "inf", "churn applies for sigma <= S_max"),
            Key.of("S_noise", NUMBER, "1", "churn noise scale"),
            Key.of("P_mean", NUMBER, "-1.2", "mean of ln sigma in training"),
            Key.of("P_std", NUMBER, "1.2", "standard deviation of ln sigma in training"));

    /** The section of a DDPM, DDIM or EDM model on its own. */
    static KeySet process(String kind) {
        return switch (kind) {
            case "DDPM" -> DDPM_PROCESS.plus(SAMPLE_STEPS.withoutEffect("DDPM samples every step; use DDIM for a step grid"),
                    DISCRETIZE.withoutEffect("a DDIM key"), ETA.withoutEffect("a DDIM key"), ENSEMBLE_IGNORED);
            case "DDIM" -> DDIM_PROCESS.plus(ENSEMBLE_IGNORED);
            default -> EDM_PROCESS.plus(ENSEMBLE_IGNORED);
        };
    }

    private static final Key FROZEN = Key.of("freezed_ae", BOOL, "true", "keep the auto-encoder's weights fixed");
    private static final Key AE_PATH = Key.of("ae_path", STRING, null, "pretrained auto-encoder: a checkpoint path or job id");
    static final KeySet LDM = KeySet.of(ModelKeys.NAME_KEY, Key.required("autoencoder", MAPPING, "the AE or VAE"),
            Key.required("diffusion", MAPPING, "the DDPM, DDIM or EDM on its latent"), FROZEN, AE_PATH);
    static final KeySet SDM = KeySet.of(ModelKeys.NAME_KEY, Key.required("diffusion", MAPPING,
            "the DDPM, DDIM or EDM whose eps-model is conditioned on the input image"), ENSEMBLE);

    /** The 2024 LDPM/LDIM: the process keys plus the auto-encoder's. */
    static KeySet latent2024(String kind) {
        return (kind.equals("DDPM") ? DDPM_PROCESS : DDIM_PROCESS).plus(
                Key.required("ae_model", MAPPING, "the AE or VAE"), FROZEN, AE_PATH,
                Key.of("n_steps", INT, null, "the seed docs' LDPM example's spelling").withoutEffect("the 2024 code read"
                        + " num_steps only (default 1000), as flemme4j does"));
    }

    /** The 2024 SDPM/SDIM: the process keys plus num_ensemble. */
    static KeySet supervised2024(String kind) {
        return (kind.equals("DDPM") ? DDPM_PROCESS : DDIM_PROCESS).plus(ENSEMBLE);
    }

    private DiffusionKeys() {
    }
}
