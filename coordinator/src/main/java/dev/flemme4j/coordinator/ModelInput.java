package dev.flemme4j.coordinator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The input a model expects, {@code (in_channel, image_size)}, read from its (already validated) encoder
 * section: what the dataset's transforms must produce.
 *
 * @param keyPrefix YAML path of the encoder section, e.g. {@code model.encoder}, to name faults
 */
public record ModelInput(int channels, List<Integer> size, String keyPrefix) {

    /** Empty for models without an image encoder section (nothing to compare the data against). */
    public static Optional<ModelInput> of(Map<String, Object> model) {
        String prefix = "model.encoder";
        Object section = model.get("encoder");
        if (section == null && model.get("eps_model") instanceof Map<?, ?> eps) {
            // DDPM/DDIM/EDM: the data is what the eps-model denoises
            section = eps.get("encoder");
            prefix = "model.eps_model.encoder";
        }
        if (!(section instanceof Map<?, ?> encoder)) {
            return Optional.empty();
        }
        Object channels = encoder.get("in_channel");
        Object size = encoder.get("image_size");
        if (!(channels instanceof Number c) || size == null) {
            return Optional.empty();
        }
        List<Integer> dims;
        if (size instanceof Number s) {
            dims = List.of(s.intValue(), s.intValue());
        } else if (size instanceof List<?> l && l.stream().allMatch(Number.class::isInstance)) {
            dims = l.stream().map(v -> ((Number) v).intValue()).toList();
        } else {
            return Optional.empty();
        }
        return Optional.of(new ModelInput(c.intValue(), dims, prefix));
    }
}
