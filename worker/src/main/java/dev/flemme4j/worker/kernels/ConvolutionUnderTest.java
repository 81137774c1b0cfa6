package dev.flemme4j.worker.kernels;

/**
 * What the check examines: a convolution implementation that, for one case and its data, returns the output and
 * the gradients of {@code sum(y * upstream)}. The real one is {@link DjlConvolution}; tests hand in broken ones
 * to show that the check notices.
 */
interface ConvolutionUnderTest {
    /** Output and the gradients with respect to the input, the weight and the bias. */
    record Outputs(float[] y, float[] dx, float[] dw, float[] db) {
    }

    Outputs run(ConvolutionCase c, float[] x, float[] w, float[] bias, float[] upstream);
}
