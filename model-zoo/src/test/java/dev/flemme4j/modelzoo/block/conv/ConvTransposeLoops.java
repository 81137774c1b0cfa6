package dev.flemme4j.modelzoo.block.conv;

/**
 * Textbook transposed convolution in plain loops (any spatial rank): every input element scatters
 * {@code x[n,i,p] · w[i,o,t]} to output position {@code p·s - pad + t}. The test oracle.
 */
final class ConvTransposeLoops {
    private ConvTransposeLoops() {
    }

    static float[] compute(float[] x, long[] inShape, float[] w, float[] bias, int out, int k, int s, int pad) {
        int dims = inShape.length - 2;
        int batch = (int) inShape[0];
        int in = (int) inShape[1];
        int[] inSize = new int[dims];
        int[] outSize = new int[dims];
        int inPositions = 1;
        int outPositions = 1;
        int taps = 1;
        for (int d = 0; d < dims; d++) {
            inSize[d] = (int) inShape[2 + d];
            outSize[d] = (inSize[d] - 1) * s - 2 * pad + k;
            inPositions *= inSize[d];
            outPositions *= outSize[d];
            taps *= k;
        }
        float[] y = new float[batch * out * outPositions];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                for (int q = 0; q < outPositions; q++) {
                    y[(n * out + o) * outPositions + q] = bias[o];
                }
            }
        }
        int[] pos = new int[dims];
        int[] tap = new int[dims];
        for (int n = 0; n < batch; n++) {
            for (int i = 0; i < in; i++) {
                for (int p = 0; p < inPositions; p++) {
                    unravel(p, inSize, pos);
                    float xv = x[(n * in + i) * inPositions + p];
                    for (int t = 0; t < taps; t++) {
                        unravel(t, filled(dims, k), tap);
                        int flat = 0;
                        boolean inside = true;
                        for (int d = 0; d < dims; d++) {
                            int c = pos[d] * s - pad + tap[d];
                            if (c < 0 || c >= outSize[d]) {
                                inside = false;
                                break;
                            }
                            flat = flat * outSize[d] + c;
                        }
                        if (!inside) {
                            continue;
                        }
                        for (int o = 0; o < out; o++) {
                            y[(n * out + o) * outPositions + flat] += xv * w[(i * out + o) * taps + t];
                        }
                    }
                }
            }
        }
        return y;
    }

    private static int[] filled(int dims, int v) {
        int[] a = new int[dims];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static void unravel(int flat, int[] size, int[] out) {
        for (int d = size.length - 1; d >= 0; d--) {
            out[d] = flat % size[d];
            flat /= size[d];
        }
    }
}
