package dev.flemme4j.serving.api;

import io.vertx.core.json.JsonObject;

/**
 * A request the server refuses, with the HTTP status, the metric reason, the request part at fault
 * ({@code field}: e.g. {@code name}, {@code body}, {@code input}, {@code Content-Type}) and a message for the caller.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final ErrorReason reason;
    private final String field;
    private int retryAfterSeconds;

    public ApiException(int status, ErrorReason reason, String field, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.field = field;
    }

    public ApiException(int status, ErrorReason reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
        this.field = field;
    }

    /** Marks the refusal as temporary: HTTP answers carry {@code Retry-After: seconds}. */
    public ApiException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Seconds after which a retry may succeed; 0 when retrying the same request is pointless. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public ErrorReason reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    /** {@code {"error": {"field": ..., "message": ...}}} */
    public JsonObject toJson() {
        return new JsonObject().put("error", new JsonObject().put("field", field).put("message", getMessage()));
    }
}
