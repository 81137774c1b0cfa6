package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import java.util.List;

/**
 * Flemme's {@code VAE}: a non-U encoder, per-channel linear {@code mean} and {@code logvar} heads on the latent
 * (logvar clamped to [-30, 20]), {@code z = mean + exp(logvar/2)·ε} while training and {@code z = mean} in
 * inference, and the decoder. Outputs {@code [recon, mean, logvar]}; the loss is
 * {@code [w·KL(N(mean, var) ‖ N(0, 1)), reconstruction losses...]} (upstream order). With a condition
 * ({@code add} or {@code cat}) it is upstream's conditional VAE: the condition joins the input and the sampled
 * latent. It never takes a time step (upstream raises NotImplementedError).
 */
public record VariationalModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossSpec distributionLoss,
        LossReduction lossReduction, boolean supervised, ModelContextSpec context) implements ModelSpec {
    public static final String OUTPUT = "recon";

    public VariationalModelSpec {
        losses = List.copyOf(losses);
        if (context.takesTime()) {
            throw new IllegalArgumentException("VAE takes no time step");
        }
    }

    /** Without a condition. */
    public VariationalModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossSpec distributionLoss,
            LossReduction lossReduction, boolean supervised) {
        this(encoder, losses, distributionLoss, lossReduction, supervised, ModelContextSpec.NONE);
    }

    @Override
    public String name() {
        return "VAE";
    }

    @Override
    public List<String> outputNames() {
        return List.of(OUTPUT, "mean", "logvar");
    }

    @Override
    public ModelTask task() {
        return ModelTask.RECONSTRUCT;
    }

    @Override
    public LossTarget lossTarget() {
        return supervised ? LossTarget.LABEL : LossTarget.INPUT;
    }
}
