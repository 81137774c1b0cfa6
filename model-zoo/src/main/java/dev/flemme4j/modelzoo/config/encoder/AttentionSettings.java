package dev.flemme4j.modelzoo.config.encoder;

/**
 * Hyper-parameters shared by every attention block of one CNN-family network (upstream passes them once to
 * {@code get_building_block}).
 *
 * @param numHeads     {@code num_heads} (default 1)
 * @param dK           {@code d_k}, or 0 for upstream's default {@code int(channels / num_heads) or 1}
 * @param qkvBias      {@code qkv_bias} (default true)
 * @param qkScale      {@code qk_scale}, or 0 for upstream's default {@code d_k ** -0.5}
 * @param attenDropout {@code atten_dropout} on the attention weights (0 = none)
 * @param dropout      the encoder's {@code dropout}, applied after the output projection (0 = none)
 */
public record AttentionSettings(int numHeads, int dK, boolean qkvBias, double qkScale, double attenDropout, double dropout) {
    public static final AttentionSettings DEFAULT = new AttentionSettings(1, 0, true, 0, 0, 0);

    /** Head width for a block of {@code channels} channels. */
    public int headWidth(int channels) {
        if (dK > 0) {
            return dK;
        }
        return Math.max(1, channels / numHeads);
    }

    /** Scale of the dot products for a block of {@code channels} channels. */
    public double scale(int channels) {
        return qkScale != 0 ? qkScale : Math.pow(headWidth(channels), -0.5);
    }
}
