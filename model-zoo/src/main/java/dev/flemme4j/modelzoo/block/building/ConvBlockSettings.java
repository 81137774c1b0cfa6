package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.norm.BatchNormalization;
import dev.flemme4j.modelzoo.block.norm.GroupNormalization;
import dev.flemme4j.modelzoo.block.norm.InstanceNormalization;
import dev.flemme4j.modelzoo.block.norm.LayerNormalization;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;

/**
 * Hyper-parameters shared by every building block of one network (upstream binds them once with
 * {@code partial(get_building_block(...))}); only channels vary per block.
 *
 * @param context the time-step / condition injection every block carries ({@link ContextSettings#NONE} for none)
 */
public record ConvBlockSettings(int dims, int kernel, boolean depthwise, Normalization normalization, int normGroups,
        Activation activation, ContextSettings context) {

    /** Without context injection. */
    public ConvBlockSettings(int dims, int kernel, boolean depthwise, Normalization normalization, int normGroups,
            Activation activation) {
        this(dims, kernel, depthwise, normalization, normGroups, activation, ContextSettings.NONE);
    }

    public static ConvBlockSettings of(ImageEncoderSpec spec) {
        return of(spec, ContextSettings.NONE);
    }

    public static ConvBlockSettings of(ImageEncoderSpec spec, ContextSettings context) {
        return new ConvBlockSettings(spec.spatialDims(), spec.kernelSize(), spec.depthwise(), spec.normalization(),
                spec.numNormGroups(), spec.activation(), context);
    }

    /** The same settings for the parts of a block that take no context (upstream's second conv, shortcuts). */
    public ConvBlockSettings withoutContext() {
        return new ConvBlockSettings(dims, kernel, depthwise, normalization, normGroups, activation);
    }

    /** The normalisation layer for {@code channels}, resolved by kind and spatial dimension. */
    public NetworkBlock normalizationLayer(int channels) {
        return switch (normalization) {
            case BATCH -> new BatchNormalization(channels);
            case GROUP -> new GroupNormalization(dims, normGroups, channels);
            case LAYER -> new LayerNormalization(dims, channels);
            case INSTANCE -> new InstanceNormalization(dims, channels);
        };
    }
}
