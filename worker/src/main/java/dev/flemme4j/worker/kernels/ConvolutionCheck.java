package dev.flemme4j.worker.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Whether a convolution implementation computes what Flemme's networks need: every case of {@link #CASES} against
 * {@link DirectConvolution} (output, input, weight and bias gradients), each case twice with bit-identical
 * results, and many repeated backward passes on fixed inputs.
 *
 * <p>Why these cases: on one AMD EPYC host the oneDNN of libtorch 2.3.0 (v3.3.6) gave 3×3 outputs off by about
 * 10 with a batch of two or more when the input channels left half a vector over (AVX2: 12, 20, 28, 36; AVX-512:
 * 20, 24, 40), and with AVX-512 repeated backward passes on identical inputs differed (386 of 2000 pairs, 196
 * with NaN); 16 or 32 channels were right. PyTorch hands oneDNN only batches of two or more, so every case has
 * one. The widths cover those tails, the stems (1 and 3 channels), the 1×1 and strided convolutions of the
 * encoders, UNet's own widths (32 to 128) at sizes where oneDNN picks the kernels it uses for the real layers, and
 * 3D, whose kernels are separate code in oneDNN. On the hosts measured, the check exercised every (implementation,
 * direction) pair that one SeM/UNet training step does ({@code ONEDNN_VERBOSE=1}; the probe records them).
 */
final class ConvolutionCheck {
    /**
     * Bumped whenever the cases or tolerances change, so verdicts cached by an older check are probed again.
     * worker/src/main/sh/cpu-kernels.sh holds the same number for the host key (a test compares them).
     */
    static final int VERSION = 1;

    static final List<ConvolutionCase> CASES = List.of(
            ConvolutionCase.conv2d(2, 1, 16, 8, 3, 1),
            ConvolutionCase.conv2d(2, 3, 8, 8, 3, 1),
            ConvolutionCase.conv2d(2, 12, 4, 8, 3, 1),
            ConvolutionCase.conv2d(2, 20, 4, 8, 3, 1),
            ConvolutionCase.conv2d(2, 24, 4, 8, 3, 1),
            ConvolutionCase.conv2d(2, 28, 4, 8, 3, 1),
            ConvolutionCase.conv2d(2, 36, 4, 8, 3, 1),
            ConvolutionCase.conv2d(2, 40, 4, 8, 3, 1),
            ConvolutionCase.conv2d(2, 16, 20, 8, 3, 1),
            ConvolutionCase.conv2d(2, 32, 12, 8, 3, 1),
            ConvolutionCase.conv2d(2, 64, 40, 6, 3, 1),
            ConvolutionCase.conv2d(4, 20, 24, 7, 3, 1),
            ConvolutionCase.conv2d(16, 12, 20, 6, 3, 1),
            ConvolutionCase.conv2d(2, 20, 24, 9, 3, 2),
            ConvolutionCase.conv2d(2, 40, 20, 8, 1, 1),
            ConvolutionCase.conv2d(2, 24, 12, 8, 1, 1),
            ConvolutionCase.conv2d(2, 32, 32, 32, 3, 1),
            ConvolutionCase.conv2d(2, 64, 64, 16, 3, 1),
            ConvolutionCase.conv2d(2, 128, 128, 8, 3, 1),
            ConvolutionCase.conv2d(2, 64, 128, 16, 3, 2),
            ConvolutionCase.conv3d(2, 1, 8, 6, 3, 1),
            ConvolutionCase.conv3d(2, 12, 8, 6, 3, 1),
            ConvolutionCase.conv3d(2, 20, 4, 6, 3, 1),
            ConvolutionCase.conv3d(2, 24, 20, 5, 3, 1),
            ConvolutionCase.conv3d(2, 40, 12, 4, 3, 1),
            ConvolutionCase.conv3d(2, 12, 20, 7, 3, 2),
            ConvolutionCase.conv3d(2, 20, 12, 6, 1, 1),
            ConvolutionCase.conv3d(2, 32, 32, 6, 3, 1));

    /** The shape whose backward pass was not reproducible on the affected host, and a 3D one. */
    static final List<ConvolutionCase> REPEATED = List.of(
            ConvolutionCase.conv2d(8, 8, 8, 16, 3, 1),
            ConvolutionCase.conv3d(2, 20, 20, 6, 3, 1));
    static final int REPETITIONS = 64;

    /**
     * Largest error allowed for a sum of 216 products of unit normals (a 3×3 kernel over 24 channels); it grows
     * linearly with the number of terms. Correct float32 kernels stay below a tenth of it; the wrong ones seen
     * were off by about 10.
     */
    static final double TOLERANCE = 1e-3;

    private ConvolutionCheck() {
    }

    static double tolerance(int terms) {
        return TOLERANCE * Math.max(1.0, terms / 216.0);
    }

    static CheckReport run(ConvolutionUnderTest conv) {
        return run(conv, CASES, REPEATED, REPETITIONS);
    }

    static CheckReport run(ConvolutionUnderTest conv, List<ConvolutionCase> cases, List<ConvolutionCase> repeated,
            int repetitions) {
        long t0 = System.nanoTime();
        Random random = new Random(17);
        List<String> failures = new ArrayList<>();
        double worstRatio = 0;
        for (ConvolutionCase c : cases) {
            Data data = Data.random(c, random);
            DirectConvolution.Result expected = DirectConvolution.compute(c, data.x, data.w, data.bias, data.upstream);
            ConvolutionUnderTest.Outputs first = data.runOn(conv);
            worstRatio = Math.max(worstRatio, compare("output", c, first.y(), expected.y(), c.forwardTerms(), failures));
            worstRatio = Math.max(worstRatio, compare("input gradient", c, first.dx(), expected.dx(),
                    c.inputGradientTerms(), failures));
            worstRatio = Math.max(worstRatio, compare("weight gradient", c, first.dw(), expected.dw(),
                    c.weightGradientTerms(), failures));
            worstRatio = Math.max(worstRatio, compare("bias gradient", c, first.db(), expected.db(),
                    c.weightGradientTerms(), failures));
            if (!identical(first, data.runOn(conv))) {
                failures.add(c + ": a second identical call gave different results");
            }
        }
        int trials = 0;
        int differing = 0;
        int nonFinite = 0;
        for (ConvolutionCase c : repeated) {
            Data data = Data.random(c, random);
            ConvolutionUnderTest.Outputs reference = data.runOn(conv);
            for (int t = 0; t < repetitions; t++) {
                ConvolutionUnderTest.Outputs again = data.runOn(conv);
                trials++;
                differing += identical(reference, again) ? 0 : 1;
                nonFinite += finite(again) ? 0 : 1;
            }
            nonFinite += finite(reference) ? 0 : 1;
        }
        return new CheckReport(cases.size(), failures, worstRatio, trials, differing, nonFinite,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Records a failure when the largest difference exceeds the tolerance; returns error / tolerance. */
    static double compare(String what, ConvolutionCase c, float[] actual, double[] expected, int terms, List<String> failures) {
        double limit = tolerance(terms);
        double error = actual.length == expected.length ? maxDifference(actual, expected) : Double.POSITIVE_INFINITY;
        if (!(error <= limit)) {
            failures.add(what + " of " + c + ": max error " + String.format("%.3g", error) + " > "
                    + String.format("%.2g", limit));
        }
        return error / limit;
    }

    static double maxDifference(float[] actual, double[] expected) {
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst;
    }

    private static boolean identical(ConvolutionUnderTest.Outputs a, ConvolutionUnderTest.Outputs b) {
        return Arrays.equals(a.y(), b.y()) && Arrays.equals(a.dx(), b.dx()) && Arrays.equals(a.dw(), b.dw())
                && Arrays.equals(a.db(), b.db());
    }

    private static boolean finite(ConvolutionUnderTest.Outputs o) {
        for (float[] v : new float[][] {o.y(), o.dx(), o.dw(), o.db()}) {
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Unit-normal inputs of one case. */
    private record Data(ConvolutionCase c, float[] x, float[] w, float[] bias, float[] upstream) {
        static Data random(ConvolutionCase c, Random random) {
            return new Data(c, gaussian(random, c.inputLength()), gaussian(random, c.weightLength()),
                    gaussian(random, c.out()), gaussian(random, c.outputLength()));
        }

        ConvolutionUnderTest.Outputs runOn(ConvolutionUnderTest conv) {
            return conv.run(c, x, w, bias, upstream);
        }

        private static float[] gaussian(Random random, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) random.nextGaussian();
            }
            return v;
        }
    }
}
