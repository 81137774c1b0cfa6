package dev.flemme4j.coordinator;

import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import java.util.List;
import java.util.Optional;

/**
 * The input a model expects, {@code (in_channel, image_size)} of its parsed encoder: what the dataset's
 * transforms must produce.
 *
 * @param keyPrefix YAML path of the encoder section, e.g. {@code model.encoder}, to name faults
 */
public record ModelInput(int channels, List<Integer> size, String keyPrefix) {

    /**
     * Empty for models without image input (the vector encoder FCN: nothing to compare the data against). Read
     * from the parsed spec, so 2024 key spellings and defaults apply as for the model itself.
     */
    public static Optional<ModelInput> of(ModelSpec model) {
        ImageEncoderSpec encoder = model.encoder();
        if (encoder.imageSize().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModelInput(encoder.inChannel(), encoder.imageSize(), "model.encoder"));
    }
}
