package dev.flemme4j.worker.kernels;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chooses this host's oneDNN configuration by measurement: checks the candidates fastest first and takes the
 * first that passes. When none passes, the verdict names {@link KernelCandidate#SAFEST} and says so; the worker's
 * own check then refuses CPU jobs rather than train on wrong numbers.
 */
public final class KernelProbe {
    private final KernelCandidateCheck check;
    private final Clock clock;

    public KernelProbe(KernelCandidateCheck check, Clock clock) {
        this.check = check;
        this.clock = clock;
    }

    /**
     * Checks {@code candidates} in order; stops at the first that passes unless {@code checkAll} (to see every
     * configuration's result; the first passing one still wins). {@code progress} gets each step as a line.
     */
    public KernelVerdict run(HostKey key, List<KernelCandidate> candidates, boolean checkAll, Consumer<String> progress) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no kernel configuration to check");
        }
        List<String> attempts = new ArrayList<>();
        KernelCandidate chosen = null;
        int failedBefore = 0;
        for (KernelCandidate c : candidates) {
            progress.accept("checking " + c + " ...");
            CandidateResult r = check.check(c);
            attempts.add(r.describe());
            progress.accept("  " + r.describe());
            if (r.passed() && chosen == null) {
                chosen = c;
                if (!checkAll) {
                    break;
                }
            } else if (chosen == null) {
                failedBefore++;
            }
        }
        if (chosen != null) {
            String reason = chosen.isa() + " is the first of " + names(candidates) + " whose convolutions passed the check"
                    + (failedBefore == 0 ? "" : " (" + failedBefore + " faster one" + (failedBefore > 1 ? "s" : "") + " failed)");
            return verdict(key, chosen.isa(), true, reason, attempts);
        }
        String reason = "none of " + names(candidates) + " passed the convolution check; " + KernelCandidate.SAFEST
                + " is named as the least risky, and CPU training is refused while the worker's check fails";
        return verdict(key, KernelCandidate.SAFEST, false, reason, attempts);
    }

    private KernelVerdict verdict(HostKey key, String isa, boolean passed, String reason, List<String> attempts) {
        return new KernelVerdict(key.value(), key.cpuModel(), key.natives(), ConvolutionCheck.VERSION, isa, passed, reason,
                attempts, clock.instant());
    }

    private static String names(List<KernelCandidate> candidates) {
        return String.join(", ", candidates.stream().map(KernelCandidate::isa).toList());
    }
}
