package dev.flemme4j.coordinator.job;

import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.LatentDiffusionModelSpec;
import dev.flemme4j.modelzoo.diffusion.SupervisedDiffusionModelSpec;
import java.util.List;
import java.util.Optional;

/**
 * What one sample must look like for the model: {@code in_channel} and {@code image_size} of its encoder, with
 * the YAML path of that encoder section so a mismatch names the key to fix.
 */
public record ModelInput(int channels, List<Integer> size, String keyPrefix, String channelKey) {

    public ModelInput(int channels, List<Integer> size, String keyPrefix) {
        this(channels, size, keyPrefix, keyPrefix + ".in_channel");
    }

    /**
     * Empty for models without image input (the vector encoder FCN: nothing to compare the data against). Read
     * from the parsed spec, so 2024 key spellings and defaults apply as for the model itself. A DDPM/DDIM/EDM model
     * is compared through its eps-model, which denoises samples of the data's shape.
     */
    public static Optional<ModelInput> of(ModelSpec model) {
        if (model instanceof LatentDiffusionModelSpec l) {
            // the data feeds the auto-encoder; the eps-model reads its latent
            ImageEncoderSpec ae = l.autoencoder().encoder();
            return ae.imageSize().isEmpty() ? Optional.empty()
                    : Optional.of(new ModelInput(ae.inChannel(), ae.imageSize(), JobValidator.latentPrefix(l) + ".encoder"));
        }
        ImageEncoderSpec encoder = model.encoder();
        if (encoder.imageSize().isEmpty()) {
            return Optional.empty();
        }
        if (model instanceof SupervisedDiffusionModelSpec sdm) {
            // the data's image is the condition c, the target is what the eps-model denoises
            long[] c = sdm.inputShape(ModelSpec.CONDITION, 1);
            return Optional.of(new ModelInput((int) c[1], encoder.imageSize(), SupervisedDiffusionCheck.epsEncoderKey(sdm),
                    SupervisedDiffusionCheck.conditionKey(sdm) + ".out_channel"));
        }
        String prefix = model instanceof DiffusionModelSpec ? "model.eps_model.encoder" : "model.encoder";
        return Optional.of(new ModelInput(encoder.inChannel(), encoder.imageSize(), prefix));
    }
}
