package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import java.util.List;

/**
 * Flemme's {@code AE}: encoder + mirrored decoder producing {@code recon} {@code (B, out_channel, *image_size)},
 * trained with {@code reconstruction_losses} (default {@code [MSE]}) against the input, or against the target
 * when {@code supervised} (upstream {@code is_supervised}). Like SeM it may carry Base's context (a condition;
 * time layers upstream builds but never feeds).
 */
public record AutoEncoderModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction,
        boolean supervised, ModelContextSpec context) implements ModelSpec {
    public static final String OUTPUT = "recon";

    public AutoEncoderModelSpec {
        losses = List.copyOf(losses);
    }

    /** Without time step or condition. */
    public AutoEncoderModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction,
            boolean supervised) {
        this(encoder, losses, lossReduction, supervised, ModelContextSpec.NONE);
    }

    @Override
    public String name() {
        return "AE";
    }

    @Override
    public List<String> outputNames() {
        return List.of(OUTPUT);
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
