package dev.flemme4j.modelzoo.config;

/**
 * Encoders flemme4j can build; {@link #uShaped()} ones pass skip features to their decoder (UNet the
 * matching stage's, DNet every stage's, densely). {@link #FCN} encodes vectors, the others images.
 */
public enum EncoderKind {
    CNN("CNN", false),
    UNET("UNet", true),
    DNET("DNet", true),
    VIT("ViT", false),
    VITU("ViTU", true),
    VITD("ViTD", true),
    SWIN("Swin", false),
    SWINU("SwinU", true),
    SWIND("SwinD", true),
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

    /** A ViT or Swin encoder (transformer building blocks, patch merging and expansion). */
    public boolean transformer() {
        return this == VIT || this == VITU || this == VITD || windowed();
    }

    /** A Swin encoder (window attention; {@code window_size}). */
    public boolean windowed() {
        return this == SWIN || this == SWINU || this == SWIND;
    }

    /** DenseNet-style: every stage reads every earlier stage (upstream's "D" names). */
    public boolean denselyConnected() {
        return this == DNET || this == VITD || this == SWIND;
    }

    public static final NamedChoice<EncoderKind> NAMES = NamedChoice.<EncoderKind>of("encoder")
            .add("CNN", CNN).add("UNet", UNET).add("DNet", DNET)
            .add("FCN", FCN).add("PointWise", FCN) // PointWise: the 2024 docs' name of the same encoder
            .add("ViT", VIT).add("ViTU", VITU).add("ViTD", VITD).add("Swin", SWIN).add("SwinU", SWINU).add("SwinD", SWIND)
            .later("VMamba", "VMambaU", "VMambaD",
                    "PointNet", "PointTrans", "PointMamba", "PointNet2", "PointTrans2", "PointMamba2", "SeqNet",
                    "SeqTrans", "SeqMamba", "GCN", "Cheb", "GTrans")
            .build();
}
