package dev.flemme4j.protocol.model;

/** A model directory whose manifest cannot be read, written or trusted. The message names the file. */
public class ModelManifestException extends RuntimeException {
    public ModelManifestException(String message) {
        super(message);
    }

    public ModelManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
