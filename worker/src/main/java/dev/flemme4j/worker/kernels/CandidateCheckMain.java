package dev.flemme4j.worker.kernels;

/**
 * The child JVM of {@link ChildJvmCandidateCheck}: runs {@link ConvolutionCheck} on PyTorch with whatever oneDNN
 * configuration its environment sets, prints one {@value #MARKER} line and exits 0 when the check passed, 1 when
 * it failed, 2 when it could not run.
 */
public final class CandidateCheckMain {
    static final String MARKER = "flemme-kernel-check:";

    private CandidateCheckMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            CheckReport report = ConvolutionCheck.run(new DjlConvolution());
            System.out.println(MARKER + (report.passed() ? " PASS " : " FAIL ") + report.summary());
            status = report.passed() ? 0 : 1;
        } catch (Throwable e) {
            System.out.println(MARKER + " ERROR " + e);
            status = 2;
        }
        System.out.flush();
        System.exit(status);
    }
}
