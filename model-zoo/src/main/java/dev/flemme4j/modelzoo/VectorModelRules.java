package dev.flemme4j.modelzoo;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;
import java.util.Map;

/**
 * Which architectures take the vector encoder FCN (2024: PointWise). Upstream builds ClM on it as is; Base and
 * AE need its decoder, whose one undefined name flemme4j reads as the latent width (see FcnDecoder). The rest
 * stay refused: SeM/HSeM/HAE losses and pyramids are image-only, VAE on vectors is not built yet, and the
 * condition joins are written for images.
 */
final class VectorModelRules {
    static final List<String> ARCHITECTURES = List.of("Base", "AE", "ClM");
    private static final List<String> FCN_NAMES = List.of("FCN", "PointWise");

    private VectorModelRules() {
    }

    /** Looks at {@code model.encoder.name} without reading the section (its own parser does that). */
    static void check(ConfigNode model, String architecture) {
        if (!(model.raw().get("encoder") instanceof Map<?, ?> encoder) || !FCN_NAMES.contains(String.valueOf(encoder.get("name")))) {
            return;
        }
        String encoderName = model.pathOf("encoder") + ".name";
        if (!ARCHITECTURES.contains(architecture) && ModelSpecs.supportedNames().contains(architecture)) {
            throw new ConfigException(encoderName, "the vector encoder " + encoder.get("name") + " is built in "
                    + String.join(", ", ARCHITECTURES) + " only, not in " + architecture);
        }
        if (model.raw().get("condition_embedding") != null) {
            throw model.error("condition_embedding", "a condition with the vector encoder " + encoder.get("name")
                    + " is not supported yet in flemme4j");
        }
    }
}
