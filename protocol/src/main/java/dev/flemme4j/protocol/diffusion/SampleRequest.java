package dev.flemme4j.protocol.diffusion;

/**
 * One sampling run over {@code n} samples.
 *
 * @param sampler   ddpm, ddim or edm
 * @param steps     DDPM: steps from {@code steps − 1} down to 0; DDIM: the length of τ; EDM: the Karras grid size
 * @param eta       DDIM's η (0 = deterministic)
 * @param guidance  classifier-free guidance weight w (0 = none)
 * @param condition {@code n} conditions, flat, or null
 * @param seed      seed of the initial noise and every noise draw
 * @param listener  progress callback, or null
 */
public record SampleRequest(String sampler, int n, int steps, double eta, double guidance, float[] condition, long seed,
        SamplingListener listener) {
}
