package dev.flemme4j.protocol.registry;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A registered {@code name:} that parses its section into an immutable spec.
 *
 * @param parser reads the bound section (old spellings renamed, only declared keys readable)
 * @param <S>    the spec it parses into
 */
public record Component<S>(String name, List<String> aliases, String doc, KeySet keys, Function<ConfigNode, S> parser)
        implements Registration {
    public Component {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        doc = doc == null ? "" : doc;
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(parser, "parser");
    }

    public static <S> Component<S> of(String name, String doc, KeySet keys, Function<ConfigNode, S> parser) {
        return new Component<>(name, List.of(), doc, keys, parser);
    }

    /** This component, also answering to {@code names}. */
    public Component<S> alsoNamed(String... names) {
        return new Component<>(name, List.of(names), doc, keys, parser);
    }

    /** Binds {@code section} to the declared keys and parses it. */
    public S parse(ConfigNode section) {
        return parser.apply(bind(section));
    }
}
