package dev.flemme4j.modelzoo.diffusion;
import dev.flemme4j.modelzoo.LossTarget;


/**
 * Flemme's supervised diffusion: {@code SDM} (current: {@code diffusion}, {@code num_ensemble}) and the 2024
 * {@code SDPM}/{@code SDIM} (DDPM/DDIM keys plus {@code num_ensemble}). It denoises the target {@code y}
 * conditioned on the input image ({@code c = x}); inference averages {@code num_ensemble} samples. The network is
 * the conditional eps-model.
 */
public record SupervisedDiffusionModelSpec(String name, DiffusionModelSpec diffusion, int numEnsemble)
        implements DiffusionWrappingSpec {

    /** The target is the label (segmentation mask or reconstruction target); the input is the condition. */
    @Override
    public LossTarget lossTarget() {
        return LossTarget.LABEL;
    }
}
