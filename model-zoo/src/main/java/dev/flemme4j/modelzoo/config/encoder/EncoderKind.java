package dev.flemme4j.modelzoo.config.encoder;

/**
 * Encoders flemme4j can build; {@link #uShaped()} ones pass skip features to their decoder (UNet the
 * matching stage's, DNet every stage's, densely). {@link #FCN} encodes vectors, {@link #POINTNET} and
 * {@link #POINTNET2} point clouds ({@code data_form: PCD}), the others images.
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
    FCN("FCN", false),
    POINTNET("PointNet", false),
    POINTNET2("PointNet2", false);

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

    /** A point-cloud encoder: input {@code (B, N, in_channel)}, outputs per point or per cloud, channels last. */
    public boolean pointCloud() {
        return this == POINTNET || this == POINTNET2;
    }

    /** A Swin encoder (window attention; {@code window_size}). */
    public boolean windowed() {
        return this == SWIN || this == SWINU || this == SWIND;
    }

    /** DenseNet-style: every stage reads every earlier stage (upstream's "D" names). */
    public boolean denselyConnected() {
        return this == DNET || this == VITD || this == SWIND;
    }
}
