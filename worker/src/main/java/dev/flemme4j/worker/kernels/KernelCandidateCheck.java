package dev.flemme4j.worker.kernels;

/**
 * Tells whether one kernel configuration computes correctly on this host. The real one runs
 * {@link ConvolutionCheck} in a child JVM started with that configuration ({@link ChildJvmCandidateCheck});
 * tests inject verdicts.
 */
@FunctionalInterface
public interface KernelCandidateCheck {
    CandidateResult check(KernelCandidate candidate);
}
