package dev.flemme4j.worker.kernels;

/**
 * The reference the kernels are held to: a convolution (cross-correlation, as PyTorch defines it) written as its
 * definition, accumulated in double precision, and its gradients for the loss {@code sum(y * upstream)}. Slow
 * and obviously right; it shares no code or algorithm with oneDNN.
 */
final class DirectConvolution {
    private DirectConvolution() {
    }

    /** Output, input gradient, weight gradient and bias gradient of one case. */
    record Result(double[] y, double[] dx, double[] dw, double[] db) {
    }

    static Result compute(ConvolutionCase c, float[] x, float[] w, float[] bias, float[] upstream) {
        int d = c.depth();
        int s = c.size();
        int kd = c.kernelDepth();
        int k = c.kernel();
        int od = c.outDepth();
        int os = c.outSize();
        int padDepth = c.dims() == 3 ? c.padding() : 0;
        double[] y = new double[c.outputLength()];
        double[] dx = new double[c.inputLength()];
        double[] dw = new double[c.weightLength()];
        double[] db = new double[c.out()];
        for (int b = 0; b < c.batch(); b++) {
            for (int o = 0; o < c.out(); o++) {
                for (int oz = 0; oz < od; oz++) {
                    for (int oy = 0; oy < os; oy++) {
                        for (int ox = 0; ox < os; ox++) {
                            int yi = (((b * c.out() + o) * od + oz) * os + oy) * os + ox;
                            double up = upstream[yi];
                            double sum = bias[o];
                            db[o] += up;
                            for (int ch = 0; ch < c.in(); ch++) {
                                for (int kz = 0; kz < kd; kz++) {
                                    int iz = oz * c.stride() - padDepth + kz;
                                    if (iz < 0 || iz >= d) {
                                        continue;
                                    }
                                    for (int ky = 0; ky < k; ky++) {
                                        int iy = oy * c.stride() - c.padding() + ky;
                                        if (iy < 0 || iy >= s) {
                                            continue;
                                        }
                                        for (int kx = 0; kx < k; kx++) {
                                            int ix = ox * c.stride() - c.padding() + kx;
                                            if (ix < 0 || ix >= s) {
                                                continue;
                                            }
                                            int xi = (((b * c.in() + ch) * d + iz) * s + iy) * s + ix;
                                            int wi = (((o * c.in() + ch) * kd + kz) * k + ky) * k + kx;
                                            sum += (double) x[xi] * w[wi];
                                            dx[xi] += up * w[wi];
                                            dw[wi] += up * x[xi];
                                        }
                                    }
                                }
                            }
                            y[yi] = sum;
                        }
                    }
                }
            }
        }
        return new Result(y, dx, dw, db);
    }
}
