package dev.flemme4j.worker.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The search over candidates, with the check's verdicts injected: which configuration wins, and why. */
class KernelProbeTest {
    private static final HostKey KEY = HostKey.of(new CpuInfo("Test CPU", "sse4_1 avx avx2 fma", 2), "natives.jar");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    /** Passes exactly the named configurations and records what it was asked. */
    private static final class Scripted implements KernelCandidateCheck {
        final Set<String> passing;
        final List<String> asked = new ArrayList<>();

        Scripted(String... passing) {
            this.passing = Set.of(passing);
        }

        @Override
        public CandidateResult check(KernelCandidate c) {
            asked.add(c.isa());
            return passing.contains(c.isa()) ? CandidateResult.passed(c, "passed: fine", 10)
                    : CandidateResult.failed(c, "FAILED: output of conv2d ...: max error 11.2 > 0.001", 10);
        }
    }

    private static KernelVerdict probe(Scripted check, boolean all) {
        return new KernelProbe(check, CLOCK).run(KEY, KernelCandidate.ORDER, all, line -> { });
    }

    @Test
    void aFailingCheckLeadsToTheNextConfigurationAndTheFirstPassingOneWins() {
        Scripted check = new Scripted("AVX2", "AVX", "SSE41");
        KernelVerdict v = probe(check, false);
        assertEquals(List.of("ALL", "AVX512_CORE", "AVX2"), check.asked, "stops at the first that passes");
        assertEquals("AVX2", v.isa());
        assertTrue(v.passed());
        assertEquals(3, v.attempts().size());
        assertTrue(v.attempts().get(0).startsWith("ALL: FAILED: output of conv2d"), v.attempts().get(0));
        assertTrue(v.reason().contains("AVX2 is the first of ALL, AVX512_CORE, AVX2, AVX, SSE41")
                && v.reason().contains("2 faster ones failed"), v.reason());
        assertEquals(KEY.value(), v.hostKey());
        assertEquals(ConvolutionCheck.VERSION, v.checkVersion());
        assertEquals(CLOCK.instant(), v.probedAt());
    }

    @Test
    void theFastestConfigurationIsTheOnlyOneCheckedWhenItPasses() {
        Scripted check = new Scripted("ALL", "AVX2", "SSE41");
        KernelVerdict v = probe(check, false);
        assertEquals(List.of("ALL"), check.asked);
        assertEquals("ALL", v.isa());
        assertFalse(v.reason().contains("failed"), v.reason());
    }

    @Test
    void checkingEveryConfigurationStillChoosesTheFirstThatPasses() {
        Scripted check = new Scripted("AVX", "SSE41");
        KernelVerdict v = probe(check, true);
        assertEquals(List.of("ALL", "AVX512_CORE", "AVX2", "AVX", "SSE41"), check.asked);
        assertEquals("AVX", v.isa());
        assertEquals(5, v.attempts().size());
        assertTrue(v.reason().contains("3 faster ones failed"), v.reason());
    }

    @Test
    void whenEveryConfigurationFailsTheVerdictSaysSoAndNamesTheSafest() {
        Scripted check = new Scripted();
        KernelVerdict v = probe(check, false);
        assertEquals(5, check.asked.size());
        assertFalse(v.passed());
        assertEquals(KernelCandidate.SAFEST, v.isa());
        assertTrue(v.reason().startsWith("none of ALL, AVX512_CORE, AVX2, AVX, SSE41 passed"), v.reason());
    }

    @Test
    void nothingToCheckIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new KernelProbe(new Scripted(), CLOCK).run(KEY, List.of(), false,
                line -> { }));
    }

    @Test
    void candidatesAreThoseTheCpuCanRunInTheMeasuredOrder() {
        CpuInfo zen3 = new CpuInfo("AMD EPYC 7B13", "fpu sse4_1 sse4_2 avx avx2 fma", 2);
        assertEquals(List.of("ALL", "AVX2", "AVX", "SSE41"), KernelCandidate.forHost(zen3).stream().map(KernelCandidate::isa).toList());
        CpuInfo avx512 = new CpuInfo("AMD EPYC", "sse4_1 avx avx2 fma avx512f avx512dq avx512bw avx512vl", 2);
        assertEquals(KernelCandidate.ORDER, KernelCandidate.forHost(avx512));
        assertEquals(KernelCandidate.ORDER, KernelCandidate.forHost(new CpuInfo("", "", 1)), "unknown flags: try all");
        assertEquals("AVX2", KernelCandidate.named("avx2").isa());
        assertThrows(IllegalArgumentException.class, () -> KernelCandidate.named("AVX3"));
    }
}
