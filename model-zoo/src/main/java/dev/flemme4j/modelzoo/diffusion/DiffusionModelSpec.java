package dev.flemme4j.modelzoo.diffusion;

import dev.flemme4j.modelzoo.BaseModelSpec;
import dev.flemme4j.modelzoo.LossTarget;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.ModelTask;
import dev.flemme4j.modelzoo.config.context.CombineCondition;
import dev.flemme4j.modelzoo.config.context.InjectionKind;
import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Flemme's DDPM, DDIM and EDM: a Base eps-model {@code F(x_t, t, c)} trained to denoise, plus the process
 * constants and sampler defaults ({@link DiffusionSettings}, which also travel in the exported model's manifest).
 * The network is the eps-model itself, so its ONNX export is the eps-model with inputs {@code input}, {@code t}
 * and, when conditional, {@code c}; the noising and the sampling loop live outside it.
 *
 * @param name             DDPM, DDIM or EDM (the YAML name; the 2024 LDPM/LDIM/SDPM/SDIM wrap one of these)
 * @param epsModel         the eps-model (Base with a time embedding)
 * @param settings         process constants and sampler defaults
 * @param conditionDropout probability of dropping the condition for a whole training batch (0 without guidance)
 * @param epsLoss          {@code eps_loss}
 * @param reconstructionLosses {@code reconstruction_losses} on the predicted x0 (may be empty)
 * @param edmTraining      EDM only: {@code P_mean}, {@code P_std} of the log-normal σ ({@code null} otherwise)
 */
public record DiffusionModelSpec(String name, BaseModelSpec epsModel, DiffusionSettings settings, double conditionDropout,
        LossSpec epsLoss, List<LossSpec> reconstructionLosses, LossReduction lossReduction, double[] edmTraining)
        implements ModelSpec {
    public static final String OUTPUT = "eps";

    public DiffusionModelSpec {
        reconstructionLosses = List.copyOf(reconstructionLosses);
    }

    @Override
    public ImageEncoderSpec encoder() {
        return epsModel.encoder();
    }

    @Override
    public ModelContextSpec context() {
        return epsModel.context();
    }

    @Override
    public List<String> outputNames() {
        return List.of(OUTPUT);
    }

    @Override
    public ModelTask task() {
        return ModelTask.GENERATE;
    }

    /** The model denoises its own (noised) input. */
    @Override
    public LossTarget lossTarget() {
        return LossTarget.INPUT;
    }

    /** Whether the eps-model takes a condition. */
    public boolean conditional() {
        return epsModel.context().conditional();
    }

    /** Whether classifier-free guidance is configured. */
    public boolean guided() {
        return conditionDropout > 0 || settings.guidanceWeight() != 0;
    }

    /** Names of the loss terms in order, as upstream's {@code get_loss_name}. */
    public List<String> lossNames() {
        List<String> names = new ArrayList<>(List.of(epsLoss.label()));
        reconstructionLosses.forEach(l -> names.add(l.label()));
        return names;
    }

    /**
     * Whether guidance can evaluate the conditional and the unconditional halves as one batch of 2n with a
     * per-sample condition mask: only when the condition embedding is only ever added (to the input or latent,
     * or to the time embedding), because then a zeroed embedding is exactly upstream's {@code c = None}. An
     * embedding injected through its own projection (gate/bias) or concatenated to the time embedding is not: a
     * projected zero is the projection's bias, so those models keep two evaluations per step.
     */
    public boolean batchGuidable() {
        if (!settings.guidable() || !conditional()) {
            return false;
        }
        var c = context().condition();
        return c.combine() == CombineCondition.ADD
                || c.combine() == CombineCondition.INJECTION && c.injection() == InjectionKind.ADD_TO_TIME && context().time().present();
    }

    static boolean guidable(ModelContextSpec context) {
        return context.conditional() && context.condition().combine() != CombineCondition.CAT;
    }
}
