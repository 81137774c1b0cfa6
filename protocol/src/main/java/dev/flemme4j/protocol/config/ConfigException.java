package dev.flemme4j.protocol.config;

/**
 * A fault in a user's YAML, always tied to the YAML path of the offending key so the user can find it
 * (e.g. {@code model.encoder.image_size}). The message is meant to be shown to a human as is.
 */
public class ConfigException extends RuntimeException {
    private final String path;
    private final String reason;

    public ConfigException(String path, String reason) {
        super((path == null || path.isEmpty() ? "<root>" : path) + ": " + reason);
        this.path = path == null ? "" : path;
        this.reason = reason;
    }

    /** Dotted YAML path, list items as {@code [i]}; empty for the document root. */
    public String path() {
        return path;
    }

    /** The human explanation without the path prefix. */
    public String reason() {
        return reason;
    }
}
