package dev.flemme4j.modelzoo.encoder;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.registry.Registration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One registered encoder {@code name:} of {@code model.encoder} (upstream {@code supported_encoders}): its keys,
 * its parser, and how its spec builds the encoder/decoder pair.
 *
 * @param contextBuilder the pair whose building blocks inject a time step / condition, or null when this encoder
 *                       cannot take one in flemme4j
 */
public record EncoderType(String name, List<String> aliases, String doc, KeySet keys, Function<ConfigNode, ImageEncoderSpec> parser,
        Function<ImageEncoderSpec, ImageEncoders.Pair> builder,
        BiFunction<ImageEncoderSpec, ContextSettings, ImageEncoders.Pair> contextBuilder) implements Registration {
    public EncoderType {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(builder, "builder");
    }

    /** @param contextBuilder null for an encoder that cannot take a time step or condition */
    public static EncoderType of(String name, String doc, KeySet keys, Function<ConfigNode, ImageEncoderSpec> parser,
            Function<ImageEncoderSpec, ImageEncoders.Pair> builder,
            BiFunction<ImageEncoderSpec, ContextSettings, ImageEncoders.Pair> contextBuilder) {
        return new EncoderType(name, List.of(), doc, keys, parser, builder, contextBuilder);
    }

    /** This encoder, also answering to {@code names}. */
    public EncoderType alsoNamed(String... names) {
        return new EncoderType(name, List.of(names), doc, keys, parser, builder, contextBuilder);
    }

    public ImageEncoderSpec parse(ConfigNode section) {
        return parser.apply(bind(section));
    }
}
