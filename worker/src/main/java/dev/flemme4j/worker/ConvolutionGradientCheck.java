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
 * Checks, once per process, that PyTorch's CPU convolution gradients are reproducible before any CPU training.
 *
 * <p>Why: the oneDNN inside DJL's libtorch 2.3 CPU build computed different input gradients for identical inputs
 * on an AMD EPYC host with AVX-512 and two threads (2000 repeated conv2d backward passes: 386 pairs differed, 196
 * contained NaN); with its AVX2 kernels all 2000 pairs were equal. Training then diverged to NaN at random steps.
 * oneDNN reads {@value #ISA_VARIABLE} only from the process environment, which a running JVM cannot change, so
 * {@code ./flemme}, the test build and the images set it, and this check stops a job with the remedy instead of
 * letting it train on corrupted gradients when a process was started some other way.
 */
final class ConvolutionGradientCheck {
    static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    private static final Logger LOG = LoggerFactory.getLogger(ConvolutionGradientCheck.class);
    private static final int TRIALS = 128;
    private static volatile Result processResult;

    private ConvolutionGradientCheck() {
    }

    /** What the repeated computations showed. */
    record Result(int trials, int differing, int nonFinite) {
        boolean reproducible() {
            return differing == 0 && nonFinite == 0;
        }
    }

    /** Runs the check on the first call (about 0.2 s) and throws on every call if it failed. */
    static void requireReproducible() {
        Result r = processResult;
        if (r == null) {
            synchronized (ConvolutionGradientCheck.class) {
                if (processResult == null) {
                    long t0 = System.nanoTime();
                    processResult = measure(TRIALS, ConvolutionGradientCheck::convolutionInputGradient);
                    LOG.info("CPU convolution gradient check: {} of {} repeated backward passes differed, {} non-finite"
                                    + " ({}={}, {} ms)", processResult.differing(), processResult.trials(),
                            processResult.nonFinite(), ISA_VARIABLE, System.getenv(ISA_VARIABLE),
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
        return "PyTorch's CPU convolution gradients are not reproducible in this process (" + r.differing() + " of "
                + r.trials() + " repeated backward passes differed, " + r.nonFinite() + " gave NaN/Inf; "
                + ISA_VARIABLE + "=" + (isaSetting == null ? "<unset>" : isaSetting) + "). Training would use wrong"
                + " gradients. Start the worker with the environment variable " + ISA_VARIABLE + "=AVX2 (./flemme and"
                + " the Docker images set it) or on a GPU";
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
