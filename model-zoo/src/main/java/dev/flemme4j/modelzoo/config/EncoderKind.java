package dev.flemme4j.modelzoo.config;

/** Image encoders flemme4j can build; {@link #uShaped()} ones pass skip features to their decoder. */
public enum EncoderKind {
    CNN("CNN", false),
    UNET("UNet", true);

    private final String yamlName;
    private final boolean uShaped;

    EncoderKind(String yamlName, boolean uShaped) {
        this.yamlName = yamlName;
        this.uShaped = uShaped;
    }

    public String yamlName() {
        return yamlName;
    }

    /** U-shaped: decoder stages concatenate the matching encoder stage output (upstream: "U"/"UNet" names). */
    public boolean uShaped() {
        return uShaped;
    }

    public static final NamedChoice<EncoderKind> NAMES = NamedChoice.<EncoderKind>of("encoder")
            .add("CNN", CNN).add("UNet", UNET)
            .later("DNet", "ViT", "ViTU", "ViTD", "Swin", "SwinU", "SwinD", "VMamba", "VMambaU", "VMambaD", "FCN",
                    "PointNet", "PointTrans", "PointMamba", "PointNet2", "PointTrans2", "PointMamba2", "SeqNet",
                    "SeqTrans", "SeqMamba", "GCN", "Cheb", "GTrans")
            .build();
}
