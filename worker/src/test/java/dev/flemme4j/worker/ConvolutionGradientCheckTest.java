package dev.flemme4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConvolutionGradientCheckTest {
    @Test
    void countsDifferingAndNonFinitePairs() {
        AtomicInteger call = new AtomicInteger();
        ConvolutionGradientCheck.Result r = ConvolutionGradientCheck.measure(6, () -> switch (call.getAndIncrement()) {
            case 1 -> new float[][] {{1f, 2f}, {1f, 2.0001f}};
            case 3 -> new float[][] {{1f, Float.NaN}, {1f, Float.NaN}};
            default -> new float[][] {{1f, 2f}, {1f, 2f}};
        });
        // NaN compares equal to itself under Float.compare: the NaN pair counts as non-finite, not as differing
        assertEquals(new ConvolutionGradientCheck.Result(6, 1, 1), r);
        assertFalse(r.reproducible());
        assertTrue(ConvolutionGradientCheck.measure(3, () -> new float[][] {{0f, -1f}, {0f, -1f}}).reproducible());
    }

    @Test
    void failureNamesTheRemedy() {
        String m = ConvolutionGradientCheck.failureMessage(new ConvolutionGradientCheck.Result(64, 9, 4), null);
        assertTrue(m.contains("9 of 64") && m.contains("ONEDNN_MAX_CPU_ISA=<unset>") && m.contains("ONEDNN_MAX_CPU_ISA=AVX2"), m);
    }

    /**
     * The real kernels, in this test JVM (the build sets ONEDNN_MAX_CPU_ISA=AVX2 for tests). On a host where the
     * AVX-512 kernels misbehave this fails when the variable is missing, which is the point.
     */
    @Test
    void realConvolutionGradientsAreReproducibleInTheTestEnvironment() {
        ConvolutionGradientCheck.requireReproducible();
    }
}
