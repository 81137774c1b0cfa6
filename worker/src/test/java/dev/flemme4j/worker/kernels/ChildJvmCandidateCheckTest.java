package dev.flemme4j.worker.kernels;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The child-JVM protocol: the configuration reaches the child, and every way a child can fail fails the candidate. */
class ChildJvmCandidateCheckTest {
    private static final KernelCandidate AVX2 = KernelCandidate.named("AVX2");

    private static ChildJvmCandidateCheck child(Class<?> main, long timeoutSeconds) {
        return new ChildJvmCandidateCheck(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), main.getName(), timeoutSeconds);
    }

    @Test
    void aPassingChildPassesWithTheCandidatesSettingAndItsOneDnnFacts() {
        CandidateResult r = child(FakeCheckMains.Passing.class, 60).check(AVX2);
        assertTrue(r.passed(), r.summary());
        assertTrue(r.summary().startsWith("passed: fake check with ONEDNN_MAX_CPU_ISA=AVX2 verbose=1"), r.summary());
        assertTrue(r.summary().endsWith("; oneDNN ISA: Intel AVX2; convolutions: jit:avx2 jit_1x1:avx2"), r.summary());
    }

    @Test
    void aFailingChildFails() {
        CandidateResult r = child(FakeCheckMains.Failing.class, 60).check(AVX2);
        assertFalse(r.passed());
        assertTrue(r.summary().startsWith("FAIL FAILED: output of conv2d"), r.summary());
    }

    @Test
    void aCrashFailsWithTheStatusAndTheLastOutput() {
        CandidateResult r = child(FakeCheckMains.Crashing.class, 60).check(AVX2);
        assertFalse(r.passed());
        assertTrue(r.summary().contains("exited with status 134 without a result") && r.summary().contains("SIGSEGV"),
                r.summary());
    }

    @Test
    void aChildThatNeverAnswersFailsAtTheTimeout() {
        CandidateResult r = child(FakeCheckMains.Hanging.class, 2).check(AVX2);
        assertFalse(r.passed());
        assertTrue(r.summary().startsWith("no result within 2 s"), r.summary());
        assertTrue(r.millis() < 30_000, "killed, not waited for: " + r.millis() + " ms");
    }

    /** The real check on the real kernels, in a child started with SSE41: oneDNN reports that it took the setting. */
    @Test
    void theRealCheckRunsInAChildWithTheCandidatesInstructionSet() {
        CandidateResult r = ChildJvmCandidateCheck.likeThisJvm().check(KernelCandidate.named("SSE41"));
        assertTrue(r.passed(), r.summary());
        assertTrue(r.summary().contains("oneDNN ISA: Intel SSE4.1") && r.summary().contains("jit:sse41"), r.summary());
    }
}
