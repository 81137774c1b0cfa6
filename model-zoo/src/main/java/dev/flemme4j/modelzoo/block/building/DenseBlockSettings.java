package dev.flemme4j.modelzoo.block.building;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;

/**
 * Hyper-parameters shared by every dense building block of one vector network (upstream binds them once with
 * {@code get_building_block('dense' | 'double_dense' | 'res_dense', ...)}); only widths vary per block.
 *
 * @param dropout applied after each block's activation while training (0 for none)
 * @param context the time-step / condition injection ending each block's first dense layer
 */
public record DenseBlockSettings(Normalization normalization, int normGroups, Activation activation, double dropout,
        ContextSettings context) {

    /** The normalisation layer of a vector {@code (B, channels)}, resolved as for conv features of 0 spatial axes. */
    NetworkBlock normalizationLayer(int channels) {
        return new ConvBlockSettings(0, 1, false, normalization, normGroups, activation).normalizationLayer(channels);
    }
}
