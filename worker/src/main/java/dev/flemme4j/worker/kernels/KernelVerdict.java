package dev.flemme4j.worker.kernels;

import java.time.Instant;
import java.util.List;

/**
 * The probe's answer for one host key: the {@code ONEDNN_MAX_CPU_ISA} value to run with, whether a candidate
 * passed (when none did, {@link KernelCandidate#SAFEST} is named and the worker's own check refuses CPU jobs
 * that would compute wrong), why, and what each tried candidate gave.
 */
public record KernelVerdict(String hostKey, String cpuModel, String natives, int checkVersion, String isa,
        boolean passed, String reason, List<String> attempts, Instant probedAt) {
    public KernelVerdict {
        attempts = List.copyOf(attempts);
    }

    /** For a cached verdict: made for this key by this version of the check. */
    public boolean holdsFor(HostKey key) {
        return key.value().equals(hostKey) && checkVersion == ConvolutionCheck.VERSION;
    }
}
