package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.config.context.ModelContextSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.LossReduction;
import java.util.List;

/**
 * Flemme's {@code Base}: encoder + decoder with the optional time-step and condition embeddings, output
 * {@code (B, out_channel, *image_size)}. It has no loss, so it can be built, inspected and exported but not
 * trained on its own ({@link ModelSpecs#parse} refuses it; {@link ModelSpecs#parseBuildable} accepts it).
 */
public record BaseModelSpec(ImageEncoderSpec encoder, ModelContextSpec context, LossReduction lossReduction)
        implements ModelSpec {
    public static final String OUTPUT = "output";

    @Override
    public String name() {
        return "Base";
    }

    @Override
    public List<String> outputNames() {
        return List.of(OUTPUT);
    }

    /** An image like an auto-encoder's; nothing trains it. */
    @Override
    public ModelTask task() {
        return ModelTask.RECONSTRUCT;
    }

    /** Base has no loss; a generic trainer must not get this far ({@link ModelSpecs#parse} refuses Base). */
    @Override
    public LossTarget lossTarget() {
        throw new UnsupportedOperationException("Base has no loss and is not trainable on its own");
    }
}
