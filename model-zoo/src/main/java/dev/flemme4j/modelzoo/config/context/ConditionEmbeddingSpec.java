package dev.flemme4j.modelzoo.config.context;

import java.util.List;

/**
 * The {@code condition_embedding} section: how a condition {@code c} is embedded for the encoder and/or the
 * decoder and combined with the input {@code x} / the latent {@code z}.
 *
 * @param encoder         embedder for the encoder side, or null
 * @param decoder         embedder for the decoder side, or null; with {@code decoderSharesEncoder} the very
 *                        same layers as {@code encoder} ({@code decoder: same_as_encoder})
 * @param conditionFirst  inject the condition before the time step in each block
 */
public record ConditionEmbeddingSpec(CombineCondition combine, InjectionKind injection, boolean conditionFirst,
        ConditionEmbedderSpec encoder, ConditionEmbedderSpec decoder, boolean decoderSharesEncoder) {

    /** The condition input without the batch axis (both embedders read the same {@code c}). */
    public List<Integer> inputShape() {
        return (encoder != null ? encoder : decoder).inputShape();
    }

    /**
     * Width of the condition projection in every building block, encoder and decoder alike: upstream passes the
     * encoder embedding's width to both (0 unless {@code combine_condition: injection}).
     */
    public int blockConditionChannel() {
        return combine == CombineCondition.INJECTION && encoder != null ? encoder.outChannel() : 0;
    }

    /** Channels {@code cat} adds to the encoder input. */
    public int extraInputChannels() {
        return combine == CombineCondition.CAT && encoder != null ? encoder.outChannel() : 0;
    }

    /** Channels {@code cat} adds to the latent the decoder reads (a vector latent; see ModelContextParser). */
    public int extraLatentChannels() {
        return combine == CombineCondition.CAT && decoder != null ? decoder.outChannel() : 0;
    }
}
