package dev.flemme4j.serving.ort;

/** An ORT run that was terminated because it exceeded the configured ORT timeout. */
public final class RunTimeoutException extends RuntimeException {
    public RunTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
