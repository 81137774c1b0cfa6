package dev.flemme4j.modelzoo.encoder;

import dev.flemme4j.modelzoo.config.EncoderKind;
import dev.flemme4j.modelzoo.config.ImageEncoderSpec;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** Registry from an encoder kind to its encoder/decoder pair (upstream {@code supported_image_encoders}). */
public final class ImageEncoders {
    /** An encoder and the decoder that consumes its outputs. */
    public record Pair(ImageEncoderNetwork encoder, ImageDecoderNetwork decoder) {
    }

    private static final Map<EncoderKind, Function<ImageEncoderSpec, Pair>> BUILDERS = new EnumMap<>(Map.of(
            EncoderKind.CNN, s -> new Pair(new CnnEncoder(s), new CnnDecoder(s)),
            EncoderKind.UNET, s -> new Pair(new UNetEncoder(s), new UNetDecoder(s)),
            EncoderKind.DNET, s -> new Pair(new DNetEncoder(s), new DNetDecoder(s))));

    private ImageEncoders() {
    }

    public static Pair create(ImageEncoderSpec spec) {
        return BUILDERS.get(spec.kind()).apply(spec);
    }
}
