package dev.flemme4j.protocol.model;

/** The ONNX file on disk is not the one the manifest describes (missing, or its sha256 differs). */
public final class ModelIntegrityException extends ModelManifestException {
    public ModelIntegrityException(String message) {
        super(message);
    }
}
