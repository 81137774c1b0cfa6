package dev.flemme4j.serving.model;

/** A model directory that serving refuses to load; the message names the directory and the reason. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
