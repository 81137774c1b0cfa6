package dev.flemme4j.protocol.diffusion;

/**
 * One evaluation of a trained eps-model on a batch: {@code out = F(x, t, c)} where {@code x} holds {@code n}
 * samples of {@code sampleSize} floats each (channels first), {@code t} one time value per sample (the step index
 * for DDPM/DDIM, {@code ln σ / 4} for EDM) and {@code c} {@code n} conditions, or null for the unconditional model
 * (upstream's {@code c = None}). Implementations wrap a DJL network or an ONNX Runtime session.
 */
@FunctionalInterface
public interface EpsFunction {
    float[] apply(float[] x, int n, float[] t, float[] c);

    /**
     * Whether {@link #applyMasked} is available: the model can zero its condition per sample, exactly as
     * {@code c = None}, so classifier-free guidance evaluates its two halves in one call over 2n samples.
     */
    default boolean masksCondition() {
        return false;
    }

    /**
     * One evaluation of {@code n} samples with conditions {@code c} where {@code keep[i]} is 1 (use {@code c}) or 0
     * (as if {@code c = None}) per sample.
     *
     * @throws UnsupportedOperationException when {@link #masksCondition()} is false
     */
    default float[] applyMasked(float[] x, int n, float[] t, float[] c, float[] keep) {
        throw new UnsupportedOperationException("this eps-model cannot mask its condition per sample");
    }
}
