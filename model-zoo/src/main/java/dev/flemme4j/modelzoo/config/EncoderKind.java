package dev.flemme4j.modelzoo.config;

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

    public static final NamedChoice<EncoderKind> NAMES = NamedChoice.<EncoderKind>of("encoder")
            .add("CNN", CNN).add("UNet", UNET).add("DNet", DNET)
            .add("FCN", FCN).add("PointWise", FCN) // PointWise: the 2024 docs' name of the same encoder
            .later("ViT", "ViTU", "ViTD", "Swin", "SwinU", "SwinD", "VMamba", "VMambaU", "VMambaD",
                    "PointNet", "PointTrans", "PointMamba", "PointNet2", "PointTrans2", "PointMamba2", "SeqNet",
                    "SeqTrans", "SeqMamba", "GCN", "Cheb", "GTrans")
            .build();
}
