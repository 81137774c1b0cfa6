package dev.flemme4j.modelzoo.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.block.conv.SpatialConvolution;
import dev.flemme4j.modelzoo.config.loss.LossSpec;

/**
 * Upstream {@code SSIM} loss: optionally a sigmoid on both inputs, then per pixel
 * {@code SSIM = ((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2))} with local statistics from a
 * normalised Gaussian window (depthwise conv, zero padding {@code window/2}), {@code C1 = (0.01·R)²},
 * {@code C2 = (0.03·R)²}; the loss is {@code 1 - SSIM} averaged per sample → {@code (B)}. 2D or 3D.
 */
public final class SsimLoss implements SampleLoss {
    private final LossSpec.SsimOptions options;
    private final float[] window;
    private final float c1;
    private final float c2;

    public SsimLoss(LossSpec.SsimOptions options) {
        this.options = options;
        this.window = gaussianWindow(options.windowSize(), options.sigma(), options.imageDim());
        this.c1 = (float) Math.pow(0.01 * options.dataRange(), 2);
        this.c2 = (float) Math.pow(0.03 * options.dataRange(), 2);
    }

    /** The separable Gaussian (normalised in 1D, as upstream) as a dense {@code w^dim} kernel. */
    static float[] gaussianWindow(int size, double sigma, int dims) {
        float[] g = new float[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            g[i] = (float) Math.exp(-Math.pow(i - size / 2, 2) / (2 * sigma * sigma));
            sum += g[i];
        }
        for (int i = 0; i < size; i++) {
            g[i] = (float) (g[i] / sum);
        }
        int n = (int) Math.pow(size, dims);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            float v = 1f;
            int r = i;
            for (int d = 0; d < dims; d++) {
                v *= g[r % size];
                r /= size;
            }
            w[i] = v;
        }
        return w;
    }

    @Override
    public NDArray perSample(NDArray prediction, NDArray target) {
        NDArray x = options.sigmoid() ? ai.djl.nn.Activation.sigmoid(prediction) : prediction;
        NDArray y = options.sigmoid() ? ai.djl.nn.Activation.sigmoid(target) : target;
        int dims = options.imageDim();
        long channels = x.getShape().get(1);
        long[] k = new long[2 + dims];
        java.util.Arrays.fill(k, options.windowSize());
        k[0] = channels;
        k[1] = 1;
        float[] tiled = new float[(int) (window.length * channels)];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(window, 0, tiled, c * window.length, window.length);
        }
        NDArray w = x.getManager().create(tiled, new Shape(k)).toDevice(x.getDevice(), false);
        int pad = options.windowSize() / 2;
        int groups = (int) channels;
        NDArray muX = SpatialConvolution.convolve(dims, x, w, null, 1, pad, groups);
        NDArray muY = SpatialConvolution.convolve(dims, y, w, null, 1, pad, groups);
        NDArray muXX = muX.square();
        NDArray muYY = muY.square();
        NDArray muXY = muX.mul(muY);
        NDArray sXX = SpatialConvolution.convolve(dims, x.mul(x), w, null, 1, pad, groups).sub(muXX);
        NDArray sYY = SpatialConvolution.convolve(dims, y.mul(y), w, null, 1, pad, groups).sub(muYY);
        NDArray sXY = SpatialConvolution.convolve(dims, x.mul(y), w, null, 1, pad, groups).sub(muXY);
        NDArray ssim = muXY.mul(2).add(c1).mul(sXY.mul(2).add(c2))
                .div(muXX.add(muYY).add(c1).mul(sXX.add(sYY).add(c2)));
        return SampleLoss.meanPerSample(ssim.neg().add(1f));
    }
}
