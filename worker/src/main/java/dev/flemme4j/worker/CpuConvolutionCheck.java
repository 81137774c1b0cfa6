package dev.flemme4j.worker;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.flemme4j.modelzoo.ModelFactory;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, once per process, that PyTorch's CPU convolutions are right before any CPU training: the forward result
 * against a direct computation, and the input gradient for reproducibility.
 *
 * <p>Why: the oneDNN inside DJL's libtorch 2.3 CPU build computed different input gradients for identical inputs
 * on an AMD EPYC host with AVX-512 and two threads (2000 repeated conv2d backward passes: 386 pairs differed, 196
 * contained NaN); with its AVX2 or SSE4.1 kernels all 2000 pairs were equal. Training then diverged to NaN at
 * random steps.
 * On the same host plain 3×3 forward convolutions with a batch of two or more were wrong (errors of about 10 on
 * unit-normal data) when the input width left half a vector over: 20, 24 or 40 channels with AVX-512, 12, 20, 28 or
 * 36 with AVX2; 16 or 32 were right, and with SSE4.1 kernels every width was right. DNet produces such widths.
 * oneDNN reads {@value #ISA_VARIABLE} only from the process environment, which a running JVM cannot change, so
 * {@code ./flemme}, the test build and the images set it, and this check stops a job with the remedy instead of
 * letting it train on corrupted gradients when a process was started some other way.
 */
public final class CpuConvolutionCheck {
    static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    private static final Logger LOG = LoggerFactory.getLogger(CpuConvolutionCheck.class);
    private static final int TRIALS = 128;
    private static volatile Result processResult;

    private CpuConvolutionCheck() {
    }

    /** What the repeated computations showed, and the forward error against a direct computation. */
    record Result(int trials, int differing, int nonFinite, double forwardError) {
        Result(int trials, int differing, int nonFinite) {
            this(trials, differing, nonFinite, 0);
        }

        boolean reproducible() {
            return differing == 0 && nonFinite == 0 && forwardError <= FORWARD_TOLERANCE;
        }
    }

    /** Float32 sums of 216 products of unit normals: errors of a correct kernel stay far below this. */
    static final double FORWARD_TOLERANCE = 1e-3;

    /** Runs the check on the first call (about 0.2 s) and throws on every call if it failed. */
    public static void requireReproducible() {
        Result r = processResult;
        if (r == null) {
            synchronized (CpuConvolutionCheck.class) {
                if (processResult == null) {
                    long t0 = System.nanoTime();
                    Result gradients = measure(TRIALS, CpuConvolutionCheck::convolutionInputGradient);
                    processResult = new Result(gradients.trials(), gradients.differing(), gradients.nonFinite(),
                            forwardError());
                    LOG.info("CPU convolution check: forward max error {} against a direct computation; {} of {}"
                                    + " repeated backward passes differed, {} non-finite ({}={}, {} ms)",
                            String.format("%.2g", processResult.forwardError()), processResult.differing(),
                            processResult.trials(), processResult.nonFinite(), ISA_VARIABLE, System.getenv(ISA_VARIABLE),
                            (System.nanoTime() - t0) / 1_000_000);
                }
                r = processResult;
            }
        }
        if (!r.reproducible()) {
            throw new IllegalStateException(failureMessage(r, System.getenv(ISA_VARIABLE)));
        }
    }

    static String failureMessage(Result r, String isaSetting) {
        return "PyTorch's CPU convolutions are wrong in this process (forward max error " + String.format("%.2g",
                r.forwardError()) + " against a direct computation; " + r.differing() + " of " + r.trials()
                + " repeated backward passes differed, " + r.nonFinite() + " gave NaN/Inf; " + ISA_VARIABLE + "="
                + (isaSetting == null ? "<unset>" : isaSetting) + "). Training would use wrong outputs or gradients."
                + " Start the worker with the environment variable " + ISA_VARIABLE + "=SSE41 (./flemme and the Docker"
                + " images set it) or on a GPU";
    }

    /**
     * Computes each trial twice and compares. Exact equality is expected: the same kernel on the same input and
     * thread count is deterministic unless something is wrong.
     */
    static Result measure(int trials, Supplier<float[][]> pairOfGradients) {
        int differing = 0;
        int nonFinite = 0;
        for (int t = 0; t < trials; t++) {
            float[][] pair = pairOfGradients.get();
            boolean finite = true;
            boolean same = pair[0].length == pair[1].length;
            for (int i = 0; i < pair[0].length; i++) {
                finite &= Float.isFinite(pair[0][i]) && (i >= pair[1].length || Float.isFinite(pair[1][i]));
                same &= i < pair[1].length && Float.compare(pair[0][i], pair[1][i]) == 0;
            }
            nonFinite += finite ? 0 : 1;
            differing += same ? 0 : 1;
        }
        return new Result(trials, differing, nonFinite);
    }

    /**
     * Input widths that went wrong on the affected host (see the class comment): a remainder of half a vector
     * (AVX2: 12, 20; AVX-512: 20, 24, 40) with a batch of two or more.
     */
    private static final int[] FORWARD_CHANNELS = {12, 20, 24, 40};
    private static final int FORWARD_BATCH = 2;

    /** Largest |DJL − direct| over 3×3 convolutions (padding 1) of random inputs with the widths above. */
    private static double forwardError() {
        double worst = 0;
        java.util.Random random = new java.util.Random(17);
        int out = 4;
        int size = 8;
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), ModelFactory.ENGINE)) {
            for (int c : FORWARD_CHANNELS) {
                int per = c * size * size;
                float[] x = gaussian(random, FORWARD_BATCH * per);
                float[] w = gaussian(random, out * c * 9);
                float[] y = Conv2d.conv2d(m.create(x, new Shape(FORWARD_BATCH, c, size, size)),
                        m.create(w, new Shape(out, c, 3, 3)), null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                        .singletonOrThrow().toFloatArray();
                int outPer = out * size * size;
                for (int b = 0; b < FORWARD_BATCH; b++) {
                    float[] expected = directConvolution(java.util.Arrays.copyOfRange(x, b * per, (b + 1) * per), w, c, out, size);
                    worst = Math.max(worst, maxDifference(java.util.Arrays.copyOfRange(y, b * outPer, (b + 1) * outPer), expected));
                }
            }
        }
        return worst;
    }

    static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst;
    }

    /** Cross-correlation with zero padding 1 and stride 1, in double precision: {@code (c, s, s) → (out, s, s)}. */
    static float[] directConvolution(float[] x, float[] w, int c, int out, int size) {
        float[] y = new float[out * size * size];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    double sum = 0;
                    for (int k = 0; k < c; k++) {
                        for (int di = -1; di <= 1; di++) {
                            for (int dj = -1; dj <= 1; dj++) {
                                int ii = i + di;
                                int jj = j + dj;
                                if (ii >= 0 && ii < size && jj >= 0 && jj < size) {
                                    sum += (double) x[(k * size + ii) * size + jj] * w[((o * c + k) * 3 + di + 1) * 3 + dj + 1];
                                }
                            }
                        }
                    }
                    y[(o * size + i) * size + j] = (float) sum;
                }
            }
        }
        return y;
    }

    private static float[] gaussian(java.util.Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** The input gradient of one small 3×3 convolution, computed twice on the same input. */
    private static float[][] convolutionInputGradient() {
        Engine engine = Engine.getEngine(ModelFactory.ENGINE);
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), ModelFactory.ENGINE)) {
            NDArray x = m.randomNormal(new Shape(8, 8, 16, 16));
            NDArray w = m.randomNormal(new Shape(8, 8, 3, 3));
            NDArray upstream = m.randomNormal(new Shape(8, 8, 16, 16));
            x.setRequiresGradient(true);
            float[][] out = new float[2][];
            for (int r = 0; r < 2; r++) {
                if (r == 1) {
                    JniUtils.zeroGrad((PtNDArray) x);
                }
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                            .singletonOrThrow();
                    gc.backward(y.mul(upstream).sum());
                }
                out[r] = x.getGradient().toFloatArray();
            }
            return out;
        }
    }
}
