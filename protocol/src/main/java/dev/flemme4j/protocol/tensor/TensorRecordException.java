package dev.flemme4j.protocol.tensor;

/**
 * A tensor record that cannot be built or read. The message is written for the person who sent the record
 * (e.g. an HTTP client), so it says what was expected and what was found.
 */
public final class TensorRecordException extends RuntimeException {
    public TensorRecordException(String message) {
        super(message);
    }
}
