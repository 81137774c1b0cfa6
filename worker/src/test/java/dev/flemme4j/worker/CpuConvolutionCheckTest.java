package dev.flemme4j.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CpuConvolutionCheckTest {
    @Test
    void countsDifferingAndNonFinitePairs() {
        AtomicInteger call = new AtomicInteger();
        CpuConvolutionCheck.Result r = CpuConvolutionCheck.measure(6, () -> switch (call.getAndIncrement()) {
            case 1 -> new float[][] {{1f, 2f}, {1f, 2.0001f}};
            case 3 -> new float[][] {{1f, Float.NaN}, {1f, Float.NaN}};
            default -> new float[][] {{1f, 2f}, {1f, 2f}};
        });
        // NaN compares equal to itself under Float.compare: the NaN pair counts as non-finite, not as differing
        assertEquals(new CpuConvolutionCheck.Result(6, 1, 1), r);
        assertFalse(r.reproducible());
        assertTrue(CpuConvolutionCheck.measure(3, () -> new float[][] {{0f, -1f}, {0f, -1f}}).reproducible());
    }

    @Test
    void failureNamesTheRemedy() {
        String m = CpuConvolutionCheck.failureMessage(new CpuConvolutionCheck.Result(64, 9, 4), null);
        assertTrue(m.contains("9 of 64") && m.contains("ONEDNN_MAX_CPU_ISA=<unset>") && m.contains("ONEDNN_MAX_CPU_ISA=SSE41"), m);
    }

    @Test
    void aWrongForwardResultFailsTheCheckOnItsOwn() {
        assertFalse(new CpuConvolutionCheck.Result(64, 0, 0, 0.7).reproducible());
        assertTrue(new CpuConvolutionCheck.Result(64, 0, 0, 1e-5).reproducible());
    }

    /** The direct reference itself, on a case small enough to do by hand: one channel, all-ones 3×3 kernel. */
    @Test
    void directConvolutionSumsTheNeighbourhoodWithZeroPadding() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        // corner 0: 1+2+4+5; centre: all nine; edge 1: 1+2+3+4+5+6
        float[] y = CpuConvolutionCheck.directConvolution(x, w, 1, 1, 3);
        assertEquals(12f, y[0]);
        assertEquals(45f, y[4]);
        assertEquals(21f, y[1]);
        assertEquals(Double.POSITIVE_INFINITY, CpuConvolutionCheck.maxDifference(new float[] {Float.NaN}, new float[] {0}));
    }

    /**
     * The real kernels, in this test JVM (the build sets ONEDNN_MAX_CPU_ISA=SSE41 for tests). On a host where the
     * AVX-512 kernels misbehave this fails when the variable is missing, which is the point.
     */
    @Test
    void realConvolutionGradientsAreReproducibleInTheTestEnvironment() {
        CpuConvolutionCheck.requireReproducible();
    }
}
