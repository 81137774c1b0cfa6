package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import java.util.List;

/**
 * Flemme's {@code SeM}: encoder + mirrored decoder producing {@code seg_logits} of shape
 * {@code (B, out_channel, *image_size)}, trained with a weighted sum of segmentation losses. It may carry Base's
 * context: a condition {@code c}, and time layers that upstream builds but never feeds (its forward has no t).
 */
public record SegmentationModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction,
        ModelContextSpec context) implements ModelSpec {
    public static final String OUTPUT = "seg_logits";

    public SegmentationModelSpec {
        losses = List.copyOf(losses);
    }

    /** Without time step or condition. */
    public SegmentationModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction) {
        this(encoder, losses, lossReduction, ModelContextSpec.NONE);
    }

    @Override
    public String name() {
        return "SeM";
    }

    @Override
    public List<String> outputNames() {
        return List.of(OUTPUT);
    }

    @Override
    public ModelTask task() {
        return ModelTask.SEGMENT;
    }
}
