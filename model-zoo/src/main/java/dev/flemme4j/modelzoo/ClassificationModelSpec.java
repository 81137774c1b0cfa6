package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import java.util.List;

/**
 * Flemme's {@code ClM}: an encoder with a vector latent (CNN with {@code dense_channels}) and a linear classifier
 * {@code dense[-1] → classes}, where {@code classes = encoder.out_channel}. Output {@code cls_logits (B, classes)};
 * {@code classification_losses} default {@code [CE]} against one-hot (or probability) targets {@code (B, classes)}.
 * It may take a condition {@code c} on the encoder side (upstream's OnlyEncoder; never a time step).
 */
public record ClassificationModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction,
        ModelContextSpec context) implements ModelSpec {
    public static final String OUTPUT = "cls_logits";

    public ClassificationModelSpec {
        losses = List.copyOf(losses);
        if (context.time().present() || (context.conditional() && context.condition().decoder() != null)) {
            throw new IllegalArgumentException("ClM takes an encoder-side condition only");
        }
    }

    /** Without a condition. */
    public ClassificationModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction) {
        this(encoder, losses, lossReduction, ModelContextSpec.NONE);
    }

    @Override
    public String name() {
        return "ClM";
    }

    public int classes() {
        return encoder.outChannel();
    }

    @Override
    public List<String> outputNames() {
        return List.of(OUTPUT);
    }

    @Override
    public ModelTask task() {
        return ModelTask.CLASSIFY;
    }

    @Override
    public long[] outputShape(int batch) {
        return new long[] {batch, classes()};
    }
}
