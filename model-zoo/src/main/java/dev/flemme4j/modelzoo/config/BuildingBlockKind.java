package dev.flemme4j.modelzoo.config;

import dev.flemme4j.protocol.registry.NameTable;

/** Convolutional building blocks of the CNN family; YAML aliases ({@code single}/{@code conv}, ...) map here. */
public enum BuildingBlockKind {
    /** conv → norm → act ({@code single}, {@code conv}). */
    SINGLE,
    /** two {@link #SINGLE} blocks ({@code double}, {@code double_conv}). */
    DOUBLE,
    /** conv(act) → conv(no act) + shortcut, then act ({@code res}, {@code res_conv}). */
    RESIDUAL;

    /** The names valid for CNN/UNet/DNet encoders. */
    public static final NameTable<BuildingBlockKind> CNN_FAMILY = NameTable.<BuildingBlockKind>of("building block")
            .add("single", SINGLE).add("conv", SINGLE).add("double", DOUBLE).add("double_conv", DOUBLE)
            .add("res", RESIDUAL).add("res_conv", RESIDUAL)
            .later("vit", "swin", "double_swin", "res_swin", "vmamba", "double_vmamba", "res_vmamba", "vmamba2",
                    "double_vmamba2", "res_vmamba2", "dense", "fc", "double_dense", "double_fc", "res_dense", "res_fc")
            .build();
}
