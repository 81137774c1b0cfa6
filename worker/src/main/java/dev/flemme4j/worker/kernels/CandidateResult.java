package dev.flemme4j.worker.kernels;

/** The outcome of checking one candidate: passed or not, the check's one-line summary (or the error), the time. */
public record CandidateResult(KernelCandidate candidate, boolean passed, String summary, long millis) {
    public static CandidateResult passed(KernelCandidate c, String summary, long millis) {
        return new CandidateResult(c, true, summary, millis);
    }

    public static CandidateResult failed(KernelCandidate c, String summary, long millis) {
        return new CandidateResult(c, false, summary, millis);
    }

    /** {@code AVX2: FAILED: ... (4.1 s)}, as the probe prints it and the verdict file keeps it. */
    public String describe() {
        return candidate.isa() + ": " + summary + String.format(" [%.1f s]", millis / 1000.0);
    }
}
