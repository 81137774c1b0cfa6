package dev.flemme4j.protocol.diffusion;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a supervised diffusion model (SDM; the 2024 SDPM/SDIM) adds to its manifest's diffusion settings: its answer
 * to an image is the mean of {@code num_ensemble} samples conditioned on that image (see {@link EnsembleMean}).
 */
public record SupervisedSettings(@JsonProperty("num_ensemble") int numEnsemble) {
    public SupervisedSettings {
        if (numEnsemble < 1) {
            throw new IllegalArgumentException("invalid value '" + numEnsemble + "' for num_ensemble: must be positive");
        }
    }
}
