package dev.flemme4j.serving.api;

import java.util.Locale;

/** Why a request failed: the bounded set of values of the {@code reason} tag on {@code flemme_infer_errors_total}. */
public enum ErrorReason {
    UNKNOWN_MODEL,
    WRONG_TASK,
    UNSUPPORTED_MEDIA_TYPE,
    BAD_IMAGE,
    BAD_TENSOR,
    BAD_SHAPE,
    BODY_TOO_LARGE,
    OVERLOADED,
    UNAUTHORIZED,
    TIMEOUT,
    BAD_VALUE,
    INTERNAL;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
