package dev.flemme4j.modelzoo.block.transformer;

import dev.flemme4j.modelzoo.block.ContextSettings;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.block.building.ConvBlockSettings;
import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.Normalization;
import java.util.List;

/**
 * What every transformer block of one network shares (upstream binds these into {@code get_building_block}).
 *
 * @param activation      the MLP's activation, or null for none (upstream's second block of {@code res_swin})
 * @param mlpHiddenRatios hidden widths of the MLP as multiples of the block's input width
 * @param qkScale         {@code qk_scale}, or 0 for {@code d_k^-0.5}
 */
public record TransformerBlockSettings(int dims, Normalization normalization, int normGroups, Activation activation,
        List<Double> mlpHiddenRatios, boolean qkvBias, double qkScale, double dropout, double attenDropout,
        ContextSettings context) {

    public TransformerBlockSettings {
        mlpHiddenRatios = List.copyOf(mlpHiddenRatios);
    }

    public TransformerBlockSettings withoutContext() {
        return new TransformerBlockSettings(dims, normalization, normGroups, activation, mlpHiddenRatios, qkvBias, qkScale,
                dropout, attenDropout, ContextSettings.NONE);
    }

    public TransformerBlockSettings withActivation(Activation a) {
        return new TransformerBlockSettings(dims, normalization, normGroups, a, mlpHiddenRatios, qkvBias, qkScale,
                dropout, attenDropout, context);
    }

    /** The normalisation over {@code channels} (upstream's channels-last LayerNorm or the channels-first others). */
    public NetworkBlock norm(int channels) {
        return new ConvBlockSettings(dims, 1, false, normalization, normGroups, activation).normalizationLayer(channels);
    }
}
