package dev.flemme4j.modelzoo.diffusion;
import dev.flemme4j.modelzoo.LossTarget;
import dev.flemme4j.modelzoo.ModelSpec;


/**
 * Flemme's latent diffusion: {@code LDM} (current: {@code autoencoder}, {@code diffusion}, {@code freezed_ae}) and
 * the 2024 {@code LDPM}/{@code LDIM} ({@code ae_model}, {@code ae_path}, {@code freezed_ae} beside the DDPM/DDIM
 * keys). The diffusion runs on the auto-encoder's latent {@code z = E(x)} (the mean of a VAE); samples are
 * decoded by the auto-encoder. The network holds both (parameters counted as upstream's {@code parameters()}),
 * and its forward pass is the eps-model on the latent.
 *
 * @param autoencoder the AE or VAE
 * @param diffusion   the DDPM/DDIM/EDM whose eps-model works on the latent
 * @param frozen      {@code freezed_ae}: the auto-encoder is not trained (default true)
 * @param aePath      pretrained auto-encoder weights: a path or a job id of this cluster, or null
 */
public record LatentDiffusionModelSpec(String name, ModelSpec autoencoder, DiffusionModelSpec diffusion, boolean frozen,
        String aePath) implements DiffusionWrappingSpec {
    /** Where {@code ae_path} sits in a job file, for errors about what it names. */
    public static final String AE_PATH_AT = "model.ae_path";

    @Override
    public LossTarget lossTarget() {
        return LossTarget.INPUT;
    }
}
