package dev.flemme4j.worker.kernels;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's safety net before CPU training: {@link ConvolutionCheck} on PyTorch in this very process, once,
 * whatever started it. It is the probe's check, so a configuration the probe chose passes it; when it fails
 * anyway (the verdict is stale, the caller set a bad {@code ONEDNN_MAX_CPU_ISA}, or nothing set one) the job
 * fails with the remedy instead of training on wrong outputs or gradients.
 */
public final class CpuConvolutionCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CpuConvolutionCheck.class);
    private static volatile CheckReport processReport;

    private CpuConvolutionCheck() {
    }

    /** Runs the check on the first call (about a second) and throws on every call if it failed. */
    public static void requireCorrect() {
        CheckReport r = processReport;
        if (r == null) {
            synchronized (CpuConvolutionCheck.class) {
                if (processReport == null) {
                    processReport = ConvolutionCheck.run(new DjlConvolution());
                    LOG.info("CPU convolution check with {}: {}", ActiveKernels.ofThisProcess().describe(),
                            processReport.summary());
                }
                r = processReport;
            }
        }
        if (!r.passed()) {
            throw new IllegalStateException(failureMessage(r, ActiveKernels.ofThisProcess()));
        }
    }

    static String failureMessage(CheckReport r, ActiveKernels active) {
        String remedy = switch (active.source()) {
            case PROBE -> "The cached verdict chose " + active.isa() + " on this host, and this process disagrees: run"
                    + " `./flemme kernels --probe` to check the host again, or start the worker with "
                    + ActiveKernels.ISA_VARIABLE + "=" + KernelCandidate.SAFEST;
            case USER -> "Unset " + ActiveKernels.ISA_VARIABLE + " so that ./flemme chooses by measurement, or set it to "
                    + KernelCandidate.SAFEST;
            case DEFAULT, FALLBACK -> "Start the worker through ./flemme or the Docker images (they choose the kernels"
                    + " by measurement), or with " + ActiveKernels.ISA_VARIABLE + "=" + KernelCandidate.SAFEST;
        };
        return "PyTorch's CPU convolutions are wrong in this process with " + active.describe() + ": " + r.summary()
                + ". Training would use wrong outputs or gradients. " + remedy + "; or train on a GPU";
    }
}
