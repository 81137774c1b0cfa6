package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import java.util.List;

/**
 * Flemme's supervised diffusion: {@code SDM} (current: {@code diffusion}, {@code num_ensemble}) and the 2024
 * {@code SDPM}/{@code SDIM} (DDPM/DDIM keys plus {@code num_ensemble}). It denoises the target {@code y}
 * conditioned on the input image ({@code c = x}); inference averages {@code num_ensemble} samples. The network is
 * the conditional eps-model.
 */
public record SupervisedDiffusionModelSpec(String name, DiffusionModelSpec diffusion, int numEnsemble) implements ModelSpec {

    @Override
    public ImageEncoderSpec encoder() {
        return diffusion.encoder();
    }

    @Override
    public ModelContextSpec context() {
        return diffusion.context();
    }

    @Override
    public List<String> outputNames() {
        return diffusion.outputNames();
    }

    @Override
    public ModelTask task() {
        return ModelTask.GENERATE;
    }

    /** The target is the label (segmentation mask or reconstruction target); the input is the condition. */
    @Override
    public LossTarget lossTarget() {
        return LossTarget.LABEL;
    }

    @Override
    public LossReduction lossReduction() {
        return diffusion.lossReduction();
    }
}
