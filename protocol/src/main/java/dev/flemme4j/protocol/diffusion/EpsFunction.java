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
}
