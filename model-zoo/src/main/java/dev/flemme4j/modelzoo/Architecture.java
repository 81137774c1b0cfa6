package dev.flemme4j.modelzoo;

import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.loss.WeightedLossSum;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.registry.Registration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One registered architecture {@code name:} (upstream {@code create_model}): its {@code model:} keys, how the
 * section parses into its spec, and how a spec builds its network and loss. Registered in {@link Architectures}.
 *
 * @param trainable false for architectures without a loss (Base): built for inspection and export only
 * @param <S>       the spec type it parses into
 */
public record Architecture<S extends ModelSpec>(String name, List<String> aliases, String doc, KeySet keys, Class<S> specType,
        boolean trainable, Function<ConfigNode, S> parser, Function<S, Assembly> builder) implements Registration {
    /** The network of a model and the loss that trains it (null for an architecture without loss). */
    public record Assembly(NetworkBlock network, WeightedLossSum loss) {
    }

    public Architecture {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(specType, "specType");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(builder, "builder");
    }

    /** A trainable architecture. */
    public static <S extends ModelSpec> Architecture<S> of(String name, String doc, KeySet keys, Class<S> specType,
            Function<ConfigNode, S> parser, Function<S, Assembly> builder) {
        return new Architecture<>(name, List.of(), doc, keys, specType, true, parser, builder);
    }

    /** This architecture, also answering to {@code names} (e.g. an upstream 2024 name). */
    public Architecture<S> alsoNamed(String... names) {
        return new Architecture<>(name, List.of(names), doc, keys, specType, trainable, parser, builder);
    }

    /** This architecture marked as having no loss. */
    public Architecture<S> untrainable() {
        return new Architecture<>(name, aliases, doc, keys, specType, false, parser, builder);
    }

    /** Binds {@code section} (the {@code model:} mapping) to the declared keys and parses it. */
    public S parse(ConfigNode section) {
        return parser.apply(bind(section));
    }

    public Assembly build(ModelSpec spec) {
        return builder.apply(specType.cast(spec));
    }
}
