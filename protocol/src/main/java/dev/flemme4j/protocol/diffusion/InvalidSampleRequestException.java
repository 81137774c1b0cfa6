package dev.flemme4j.protocol.diffusion;

/** A sampling request that cannot run on this model; {@link #field()} names the offending request field. */
public final class InvalidSampleRequestException extends IllegalArgumentException {
    private final String field;

    public InvalidSampleRequestException(String field, String reason) {
        super("invalid " + field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
