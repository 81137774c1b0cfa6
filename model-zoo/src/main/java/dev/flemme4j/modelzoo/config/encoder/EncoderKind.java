package dev.flemme4j.modelzoo.config.encoder;

/**
 * Encoders flemme4j can build; {@link #uShaped()} ones pass skip features to their decoder (UNet the
 * matching stage's, DNet every stage's, densely). {@link #FCN} encodes vectors, the others images.
 */
public enum EncoderKind {
    CNN("CNN", false),
    UNET("UNet", true),
    DNET("DNet", true),
    FCN("FCN", false);

    private final String yamlName;
    private final boolean uShaped;

    EncoderKind(String yamlName, boolean uShaped) {
        this.yamlName = yamlName;
        this.uShaped = uShaped;
    }

    public String yamlName() {
        return yamlName;
    }

    /** U-shaped: decoder stages concatenate encoder stage outputs (upstream: "U"/"UNet" and "D"/"DNet" names). */
    public boolean uShaped() {
        return uShaped;
    }
}
