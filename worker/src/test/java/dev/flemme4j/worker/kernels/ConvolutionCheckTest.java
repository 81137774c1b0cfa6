package dev.flemme4j.worker.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The check passes right convolutions and refuses wrong ones: broken implementations modelled on what the
 * affected host did (tail channels ignored, irreproducible or NaN gradients, small errors), and the real PyTorch
 * kernels of this JVM, which must pass with the configuration the build chose for this host.
 */
class ConvolutionCheckTest {
    /** The reference rounded to float: a right implementation. */
    static final ConvolutionUnderTest RIGHT = (c, x, w, b, up) -> {
        DirectConvolution.Result r = DirectConvolution.compute(c, x, w, b, up);
        return new ConvolutionUnderTest.Outputs(floats(r.y()), floats(r.dx()), floats(r.dw()), floats(r.db()));
    };

    private static final List<ConvolutionCase> FEW = List.of(ConvolutionCase.conv2d(2, 20, 4, 8, 3, 1),
            ConvolutionCase.conv3d(2, 12, 8, 5, 3, 2));

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void aRightImplementationPasses() {
        // a few repetitions: the reference is slow, and deterministic anyway
        CheckReport r = ConvolutionCheck.run(RIGHT, ConvolutionCheck.CASES, ConvolutionCheck.REPEATED, 2);
        assertTrue(r.passed(), r.summary());
        assertEquals(ConvolutionCheck.CASES.size(), r.cases());
        assertEquals(ConvolutionCheck.REPEATED.size() * 2, r.trials());
        assertTrue(r.summary().startsWith("passed: "), r.summary());
    }

    /** Like AVX2 on the affected host: input channels past the last multiple of 8 are ignored. */
    @Test
    void ignoredTailChannelsFailTheCasesThatHaveThem() {
        ConvolutionUnderTest tailsDropped = (c, x, w, b, up) -> {
            int kept = c.in() - c.in() % 8;
            float[] wDropped = w.clone();
            int perChannel = c.kernelDepth() * c.kernel() * c.kernel();
            for (int o = 0; o < c.out(); o++) {
                for (int ch = kept; ch < c.in(); ch++) {
                    java.util.Arrays.fill(wDropped, (o * c.in() + ch) * perChannel, (o * c.in() + ch + 1) * perChannel, 0f);
                }
            }
            return RIGHT.run(c, x, wDropped, b, up);
        };
        CheckReport r = ConvolutionCheck.run(tailsDropped, ConvolutionCheck.CASES, List.of(), 0);
        assertFalse(r.passed());
        assertTrue(r.failures().stream().anyMatch(f -> f.startsWith("output of conv2d batch 2, 20→4 channels")), r.failures().toString());
        assertTrue(r.failures().stream().anyMatch(f -> f.startsWith("output of conv3d batch 2, 12→8 channels")), r.failures().toString());
        assertTrue(r.failures().stream().noneMatch(f -> f.contains(" 16→20 channels") || f.contains(" 64→40 channels")),
                "widths that are multiples of 8 stay right: " + r.failures());
        assertTrue(r.summary().startsWith("FAILED: ") && r.summary().contains("max error"), r.summary());
    }

    @Test
    void gradientsThatDifferBetweenIdenticalCallsFail() {
        AtomicInteger calls = new AtomicInteger();
        ConvolutionUnderTest flaky = (c, x, w, b, up) -> {
            ConvolutionUnderTest.Outputs o = RIGHT.run(c, x, w, b, up);
            if (calls.incrementAndGet() % 5 == 0) {
                o.dx()[0] = Math.nextUp(o.dx()[0]);
            }
            return o;
        };
        CheckReport r = ConvolutionCheck.run(flaky, FEW, FEW, 20);
        assertFalse(r.passed());
        assertTrue(r.differing() > 0, r.summary());
        assertTrue(r.failures().isEmpty() || r.failures().get(0).contains("a second identical call"), r.summary());
    }

    @Test
    void nonFiniteGradientsFail() {
        ConvolutionUnderTest nan = (c, x, w, b, up) -> {
            ConvolutionUnderTest.Outputs o = RIGHT.run(c, x, w, b, up);
            o.dw()[o.dw().length - 1] = Float.NaN;
            return o;
        };
        CheckReport r = ConvolutionCheck.run(nan, FEW, FEW, 3);
        assertFalse(r.passed());
        assertEquals(FEW.size() * 4, r.nonFinite(), "every repeated pass, and each case's reference pass");
        assertTrue(r.failures().get(0).startsWith("weight gradient of conv2d") && r.failures().get(0).contains("max error Infinity"),
                r.failures().toString());
    }

    @Test
    void theToleranceGrowsWithTheTermsSummed() {
        assertEquals(1e-3, ConvolutionCheck.tolerance(9));
        assertEquals(1e-3, ConvolutionCheck.tolerance(216));
        assertEquals(4e-3, ConvolutionCheck.tolerance(864), 1e-12);
    }

    /** One channel, all-ones 3×3 kernel, small enough to do by hand. */
    @Test
    void theReferenceSumsTheNeighbourhoodWithZeroPadding() {
        ConvolutionCase c = new ConvolutionCase(2, 1, 1, 1, 3, 3, 1, 1);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        DirectConvolution.Result r = DirectConvolution.compute(c, x, w, new float[] {0.5f}, ones);
        // corner 0: 1+2+4+5; edge 1: 1+2+3+4+5+6; centre: all nine; plus the bias
        assertEquals(12.5, r.y()[0]);
        assertEquals(21.5, r.y()[1]);
        assertEquals(45.5, r.y()[4]);
        // each input feeds the outputs whose window covers it: 4 at a corner, 9 at the centre
        assertEquals(4, r.dx()[0]);
        assertEquals(9, r.dx()[4]);
        // the centre weight sees every input once; the top-left one the inputs up and left of each output
        // (1+2+4+5), the bottom-right one those down and right (5+6+8+9)
        assertEquals(45, r.dw()[4]);
        assertEquals(12, r.dw()[0]);
        assertEquals(28, r.dw()[8]);
        assertEquals(9, r.db()[0]);
    }

    /** The loss sum(y * up) is linear in x, w and b: a step in one value changes it by exactly gradient × step. */
    @Test
    void theReferenceGradientsMatchFiniteDifferencesIn2dAnd3dWithStride() {
        Random random = new Random(3);
        for (ConvolutionCase c : List.of(ConvolutionCase.conv2d(2, 3, 4, 7, 3, 2), ConvolutionCase.conv3d(2, 2, 3, 5, 3, 2),
                ConvolutionCase.conv2d(2, 3, 2, 6, 1, 1))) {
            float[] x = randoms(random, c.inputLength());
            float[] w = randoms(random, c.weightLength());
            float[] b = randoms(random, c.out());
            float[] up = randoms(random, c.outputLength());
            DirectConvolution.Result base = DirectConvolution.compute(c, x, w, b, up);
            double loss = dot(base.y(), up);
            for (int t = 0; t < 5; t++) {
                int i = random.nextInt(x.length);
                float[] x1 = x.clone();
                x1[i] += 1;
                assertEquals(base.dx()[i] * ((double) x1[i] - x[i]), dot(DirectConvolution.compute(c, x1, w, b, up).y(), up) - loss,
                        1e-9, c + " dx");
                int j = random.nextInt(w.length);
                float[] w1 = w.clone();
                w1[j] += 1;
                assertEquals(base.dw()[j] * ((double) w1[j] - w[j]), dot(DirectConvolution.compute(c, x, w1, b, up).y(), up) - loss,
                        1e-9, c + " dw");
            }
            float[] b1 = b.clone();
            b1[0] += 1;
            assertEquals(base.db()[0] * ((double) b1[0] - b[0]), dot(DirectConvolution.compute(c, x, w, b1, up).y(), up) - loss,
                    1e-9, c + " db");
        }
    }

    /**
     * The real kernels of this JVM with the configuration the build exported for this host (the probe's verdict
     * through run-tests, else the parent pom's SSE41). On a host whose kernels are wrong this fails, which is the point.
     */
    @Test
    void thisHostsPyTorchConvolutionsPassWithTheChosenConfiguration() {
        CheckReport r = ConvolutionCheck.run(new DjlConvolution());
        assertTrue(r.passed(), ActiveKernels.ofThisProcess().describe() + ": " + r.summary());
    }

    /** The same real kernels, their outputs off by 0.01 in one value per case: the check notices. */
    @Test
    void aSmallErrorOnTopOfTheRealKernelsFails() {
        DjlConvolution real = new DjlConvolution();
        ConvolutionUnderTest offByALittle = (c, x, w, b, up) -> {
            ConvolutionUnderTest.Outputs o = real.run(c, x, w, b, up);
            o.y()[o.y().length / 2] += 0.01f;
            return o;
        };
        CheckReport r = ConvolutionCheck.run(offByALittle, ConvolutionCheck.CASES, List.of(), 0);
        assertEquals(ConvolutionCheck.CASES.size(), r.failures().size(), r.summary());
        assertTrue(r.failures().stream().allMatch(f -> f.startsWith("output of ")), r.failures().toString());
    }

    private static float[] randoms(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
