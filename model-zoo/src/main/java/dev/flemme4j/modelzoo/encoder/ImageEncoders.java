package dev.flemme4j.modelzoo.encoder;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.config.EncoderKind;
import dev.flemme4j.modelzoo.config.ImageEncoderSpec;
import dev.flemme4j.modelzoo.encoder.transformer.TransformerDecoder;
import dev.flemme4j.modelzoo.encoder.transformer.TransformerEncoder;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Registry from an encoder kind to its encoder/decoder pair (upstream {@code supported_encoders}). */
public final class ImageEncoders {
    /** An encoder and the decoder that consumes its outputs. */
    public record Pair(ImageEncoderNetwork encoder, ImageDecoderNetwork decoder) {
    }

    private static final Map<EncoderKind, Function<ImageEncoderSpec, Pair>> BUILDERS = new EnumMap<>(Map.of(
            EncoderKind.CNN, s -> new Pair(new CnnEncoder(s), new CnnDecoder(s)),
            EncoderKind.UNET, s -> new Pair(new UNetEncoder(s), new UNetDecoder(s)),
            EncoderKind.DNET, s -> new Pair(new DNetEncoder(s), new DNetDecoder(s)),
            EncoderKind.FCN, s -> new Pair(new FcnEncoder(s, ContextSettings.NONE), new FcnDecoder(s, ContextSettings.NONE)),
            EncoderKind.VIT, s -> transformer(s, ContextSettings.NONE), EncoderKind.VITU, s -> transformer(s, ContextSettings.NONE),
            EncoderKind.VITD, s -> transformer(s, ContextSettings.NONE), EncoderKind.SWIN, s -> transformer(s, ContextSettings.NONE),
            EncoderKind.SWINU, s -> transformer(s, ContextSettings.NONE), EncoderKind.SWIND, s -> transformer(s, ContextSettings.NONE)));

    /** Encoders whose building blocks can inject a time step / condition (upstream: every CNN-family encoder). */
    private static final Map<EncoderKind, BiFunction<ImageEncoderSpec, ContextSettings, Pair>> CONTEXT_BUILDERS =
            new EnumMap<>(Map.of(
                    EncoderKind.CNN, (s, c) -> new Pair(new CnnEncoder(s, c), new CnnDecoder(s, c)),
                    EncoderKind.UNET, (s, c) -> new Pair(new UNetEncoder(s, c), new UNetDecoder(s, c)),
                    EncoderKind.FCN, (s, c) -> new Pair(new FcnEncoder(s, c), new FcnDecoder(s, c)),
                    EncoderKind.VIT, ImageEncoders::transformer, EncoderKind.VITU, ImageEncoders::transformer,
                    EncoderKind.VITD, ImageEncoders::transformer, EncoderKind.SWIN, ImageEncoders::transformer,
                    EncoderKind.SWINU, ImageEncoders::transformer, EncoderKind.SWIND, ImageEncoders::transformer));

    private ImageEncoders() {
    }

    private static Pair transformer(ImageEncoderSpec s, ContextSettings c) {
        return new Pair(new TransformerEncoder(s, c), new TransformerDecoder(s, c));
    }

    public static Pair create(ImageEncoderSpec spec) {
        return BUILDERS.get(spec.kind()).apply(spec);
    }

    /** Whether {@link #create(ImageEncoderSpec, ContextSettings)} can give this kind's blocks a context. */
    public static boolean injectsContext(EncoderKind kind) {
        return CONTEXT_BUILDERS.containsKey(kind);
    }

    /**
     * The pair whose decoder reads the vector latent widened by {@code latentExtra} channels (a condition
     * concatenated to it); only CNN has vector latents.
     */
    public static Pair create(ImageEncoderSpec spec, ContextSettings context, int latentExtra) {
        if (latentExtra == 0) {
            return create(spec, context);
        }
        if (spec.kind() != EncoderKind.CNN) {
            throw new IllegalArgumentException(spec.kind().yamlName() + " has no vector latent to widen");
        }
        return new Pair(new CnnEncoder(spec, context),
                new CnnDecoder(spec, context, latentExtra));
    }

    /** The pair with every building block injecting {@code context}; without context the same as {@link #create(ImageEncoderSpec)}. */
    public static Pair create(ImageEncoderSpec spec, ContextSettings context) {
        if (!context.present()) {
            return create(spec);
        }
        BiFunction<ImageEncoderSpec, ContextSettings, Pair> builder = CONTEXT_BUILDERS.get(spec.kind());
        if (builder == null) {
            throw new IllegalArgumentException(spec.kind().yamlName() + " cannot inject a time step or condition yet");
        }
        return builder.apply(spec, context);
    }
}
