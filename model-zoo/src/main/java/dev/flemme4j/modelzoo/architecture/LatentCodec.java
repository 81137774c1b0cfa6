package dev.flemme4j.modelzoo.architecture;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.flemme4j.modelzoo.onnx.OnnxGraphBuilder;

/**
 * An auto-encoder seen from latent diffusion: data to latent ({@code encode}) and, exported on its own, latent to
 * data (the decoder graph serving runs after the sampling loop). Only unconditional auto-encoders take part.
 */
public interface LatentCodec {
    /** The latent of {@code x}: an AE's encoder output, a VAE's mean (the 2024 LDPM/LDIM's choice over a sample). */
    NDArray encodeLatent(ParameterStore ps, NDArray x, boolean training);

    /** The decoder from the latent value {@code z}; returns the reconstruction's value name. */
    String exportDecoder(OnnxGraphBuilder g, String z);
}
