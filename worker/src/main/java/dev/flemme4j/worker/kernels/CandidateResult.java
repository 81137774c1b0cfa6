package dev.flemme4j.worker.kernels;

/**
 * The outcome of checking one candidate: passed or not, the check's one-line summary (or the error), the time.
 * A result is inconclusive when the check did not get to say (the child crashed, hung or could not load
 * PyTorch): then the candidate is not used, but a verdict made only of such results is not worth keeping.
 */
public record CandidateResult(KernelCandidate candidate, boolean passed, boolean conclusive, String summary, long millis) {
    public static CandidateResult passed(KernelCandidate c, String summary, long millis) {
        return new CandidateResult(c, true, true, summary, millis);
    }

    public static CandidateResult failed(KernelCandidate c, String summary, long millis) {
        return new CandidateResult(c, false, true, summary, millis);
    }

    public static CandidateResult inconclusive(KernelCandidate c, String summary, long millis) {
        return new CandidateResult(c, false, false, summary, millis);
    }

    /** {@code AVX2: FAILED: ... [4.1 s]}, as the probe prints it and the verdict file keeps it. */
    public String describe() {
        return candidate.isa() + ": " + summary + String.format(" [%.1f s]", millis / 1000.0);
    }
}
