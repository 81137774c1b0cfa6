package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.registry.NameTable;

/** Convolutional building blocks of the CNN family; YAML aliases ({@code single}/{@code conv}, ...) map here. */
public enum BuildingBlockKind {
    /** conv → norm → act ({@code single}, {@code conv}). */
    SINGLE,
    /** two {@link #SINGLE} blocks ({@code double}, {@code double_conv}). */
    DOUBLE,
    /** conv(act) → conv(no act) + shortcut, then act ({@code res}, {@code res_conv}). */
    RESIDUAL,
    /** ViT block: global multi-head self-attention and MLP ({@code vit}). */
    VIT,
    /** Swin block: (shifted) window attention and MLP ({@code swin}). */
    SWIN,
    /** two Swin blocks with alternating shifts ({@code double_swin}). */
    DOUBLE_SWIN,
    /** two Swin blocks plus a shortcut ({@code res_swin}). */
    RES_SWIN;

    /** The names valid for CNN/UNet/DNet encoders. */
    public static final NameTable<BuildingBlockKind> CNN_FAMILY = NameTable.<BuildingBlockKind>of("building block")
            .add("single", SINGLE).add("conv", SINGLE).add("double", DOUBLE).add("double_conv", DOUBLE)
            .add("res", RESIDUAL).add("res_conv", RESIDUAL)
            .later("vmamba", "double_vmamba", "res_vmamba", "vmamba2",
                    "double_vmamba2", "res_vmamba2", "dense", "fc", "double_dense", "double_fc", "res_dense", "res_fc")
            .build();

    /** The names valid for ViT/ViTU/ViTD. */
    public static final NameTable<BuildingBlockKind> VIT_FAMILY = NameTable.<BuildingBlockKind>of("building block")
            .add("vit", VIT).build();

    /** The names valid for Swin/SwinU/SwinD. */
    public static final NameTable<BuildingBlockKind> SWIN_FAMILY = NameTable.<BuildingBlockKind>of("building block")
            .add("swin", SWIN).add("double_swin", DOUBLE_SWIN).add("res_swin", RES_SWIN).build();
}
