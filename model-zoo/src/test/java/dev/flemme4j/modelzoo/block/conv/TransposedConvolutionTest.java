package dev.flemme4j.modelzoo.block.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import org.junit.jupiter.api.Test;

/** The polyphase transposed convolution against PyTorch numbers and a plain-loop reference. */
class TransposedConvolutionTest {

    @Test
    void matchesPyTorchConvTranspose2d() {
        // Recorded with python3-torch 1.13: w[i] = sin(0.37·i) reshaped (in, out, k, k), bias 0.1·(o+1),
        // x[j] = cos(0.11·j) reshaped (1, in, H, W); y = torch.nn.functional.conv_transpose2d(x, w, b, stride, padding)
        checkAgainstTorch(2, 3, 4, 2, 1, 3, 3, new long[] {1, 3, 6, 6},
                new float[] {1.439456f, 2.555411f, 2.43948f, 2.408311f, 2.254773f, 1.196708f, 0.521444f, 0.889494f},
                58.36177f, 118.5527f);
        checkAgainstTorch(2, 2, 5, 3, 1, 2, 3, new long[] {1, 2, 6, 9},
                new float[] {1.651356f, 1.24343f, 2.352346f, 1.517133f, 1.183748f, 2.216825f, 1.415154f, 1.110966f},
                17.03123f, 395.8111f);
    }

    private static void checkAgainstTorch(int in, int out, int k, int s, int p, int h, int w, long[] shape,
            float[] head, float sum, float sumOfSquares) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TransposedConvolution block = new TransposedConvolution(2, in, out, k, s, p, true);
            Shape inShape = new Shape(1, in, h, w);
            block.initialize(m, DataType.FLOAT32, inShape);
            float[] weight = new float[in * out * k * k];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) Math.sin(0.37 * i);
            }
            float[] bias = new float[out];
            for (int o = 0; o < out; o++) {
                bias[o] = 0.1f * (o + 1);
            }
            param(block, "weight").getArray().set(weight);
            param(block, "bias").getArray().set(bias);
            float[] x = new float[in * h * w];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) Math.cos(0.11 * j);
            }
            NDArray y = forward(block, m.create(x, inShape));
            assertArrayEquals(shape, y.getShape().getShape());
            float[] v = y.toFloatArray();
            for (int i = 0; i < head.length; i++) {
                assertEquals(head[i], v[i], 1e-5, "y[" + i + "]");
            }
            assertEquals(sum, y.sum().getFloat(), 1e-3);
            assertEquals(sumOfSquares, y.square().sum().getFloat(), 1e-2);
        }
    }

    @Test
    void matchesPlainLoopsIn2dAnd3d() {
        Engine.getInstance().setRandomSeed(7);
        double d2 = maxDiffVsLoops(2, 3, 4, 2, new long[] {2, 3, 5, 7});
        double d2odd = maxDiffVsLoops(2, 2, 3, 3, new long[] {1, 2, 4, 3});
        double d3 = maxDiffVsLoops(3, 2, 3, 2, new long[] {2, 2, 3, 4, 5});
        org.slf4j.LoggerFactory.getLogger(TransposedConvolutionTest.class)
                .info("max |polyphase - loops|: 2D s=2 {}, 2D s=3 {}, 3D s=2 {}", d2, d2odd, d3);
        assertTrue(d2 < 1e-5 && d2odd < 1e-5 && d3 < 1e-5, "max |diff| 2D " + d2 + ", 2D s=3 " + d2odd + ", 3D " + d3);
    }

    @Test
    void weightGradientMatchesPlainLoops() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TransposedConvolution block = TransposedConvolution.upsampling(2, 2, 3, 2);
            Shape inShape = new Shape(2, 2, 4, 5);
            block.initialize(m, DataType.FLOAT32, inShape);
            NDArray x = m.randomNormal(inShape);
            NDArray upstreamGrad = m.randomNormal(new Shape(2, 3, 8, 10));
            Parameter weight = param(block, "weight");
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true).head();
                gc.backward(y.mul(upstreamGrad).sum());
            }
            float[] grad = weight.getArray().getGradient().toFloatArray();
            // d/dw[i,o,kh,kw] of Σ g·y = Σ_{n,ih,iw} x[n,i,ih,iw] · g[n,o,ih·s-p+kh, iw·s-p+kw]
            float[] xs = x.toFloatArray();
            float[] gs = upstreamGrad.toFloatArray();
            double maxDiff = 0;
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    for (int kh = 0; kh < 4; kh++) {
                        for (int kw = 0; kw < 4; kw++) {
                            double acc = 0;
                            for (int n = 0; n < 2; n++) {
                                for (int ih = 0; ih < 4; ih++) {
                                    for (int iw = 0; iw < 5; iw++) {
                                        int oh = ih * 2 - 1 + kh;
                                        int ow = iw * 2 - 1 + kw;
                                        if (oh >= 0 && oh < 8 && ow >= 0 && ow < 10) {
                                            acc += xs[((n * 2 + i) * 4 + ih) * 5 + iw] * gs[((n * 3 + o) * 8 + oh) * 10 + ow];
                                        }
                                    }
                                }
                            }
                            maxDiff = Math.max(maxDiff, Math.abs(acc - grad[((i * 3 + o) * 4 + kh) * 4 + kw]));
                        }
                    }
                }
            }
            assertTrue(maxDiff < 1e-4, "weight gradient max |diff| " + maxDiff);
        }
    }

    /** Random weights/input; compares the block with a direct scatter-add definition of ConvTranspose. */
    private static double maxDiffVsLoops(int dims, int in, int out, int scale, long[] inShape) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TransposedConvolution block = TransposedConvolution.upsampling(dims, in, out, scale);
            block.initialize(m, DataType.FLOAT32, new Shape(inShape));
            NDArray x = m.randomNormal(new Shape(inShape));
            NDArray y = forward(block, x);
            float[] expected = ConvTransposeLoops.compute(x.toFloatArray(), inShape, param(block, "weight").getArray().toFloatArray(),
                    param(block, "bias").getArray().toFloatArray(), out, 2 * scale - scale % 2, scale, scale / 2);
            float[] actual = y.toFloatArray();
            assertEquals(expected.length, actual.length);
            double max = 0;
            for (int i = 0; i < actual.length; i++) {
                max = Math.max(max, Math.abs(expected[i] - actual[i]));
            }
            return max;
        }
    }

    static NDArray forward(NetworkBlock block, NDArray x) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }

    static Parameter param(NetworkBlock block, String name) {
        return block.getDirectParameters().get(name);
    }
}
