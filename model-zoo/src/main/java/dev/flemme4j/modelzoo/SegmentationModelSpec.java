package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.LossReduction;
import dev.flemme4j.modelzoo.config.LossSpec;
import java.util.List;

/**
 * Flemme's {@code SeM}: encoder + mirrored decoder producing {@code seg_logits} of shape
 * {@code (B, out_channel, *image_size)}, trained with a weighted sum of segmentation losses.
 */
public record SegmentationModelSpec(ImageEncoderSpec encoder, List<LossSpec> losses, LossReduction lossReduction)
        implements ModelSpec {
    public static final String OUTPUT = "seg_logits";

    public SegmentationModelSpec {
        losses = List.copyOf(losses);
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
