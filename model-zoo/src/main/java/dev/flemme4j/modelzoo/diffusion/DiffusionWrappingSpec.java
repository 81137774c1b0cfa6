package dev.flemme4j.modelzoo.diffusion;

import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelTask;
import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import java.util.List;

/**
 * A generative model built around a DDPM/DDIM/EDM (latent and supervised diffusion): its input signature, outputs
 * and loss reduction are those of the diffusion it wraps.
 */
public interface DiffusionWrappingSpec extends ModelSpec {
    DiffusionModelSpec diffusion();

    @Override
    default ImageEncoderSpec encoder() {
        return diffusion().encoder();
    }

    @Override
    default ModelContextSpec context() {
        return diffusion().context();
    }

    @Override
    default List<String> outputNames() {
        return diffusion().outputNames();
    }

    @Override
    default ModelTask task() {
        return ModelTask.GENERATE;
    }

    @Override
    default LossReduction lossReduction() {
        return diffusion().lossReduction();
    }
}
