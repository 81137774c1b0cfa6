package dev.flemme4j.worker.kernels;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The oneDNN configuration this process runs with and where it came from, read from the environment the
 * launcher (./flemme, run-tests, the bench scripts, the Docker entrypoint; all through cpu-kernels.sh) sets:
 * {@code ONEDNN_MAX_CPU_ISA}, {@code FLEMME_CPU_KERNELS_SOURCE} and {@code FLEMME_CPU_KERNELS_VERDICT} (the
 * verdict file). {@code isa} is {@code default} when the variable is unset.
 */
public record ActiveKernels(String isa, Source source, String reason) {
    public static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    static final String SOURCE_VARIABLE = "FLEMME_CPU_KERNELS_SOURCE";
    static final String VERDICT_VARIABLE = "FLEMME_CPU_KERNELS_VERDICT";

    /** Bounded, for the metric label: who chose the configuration. */
    public enum Source {
        /** the cached verdict of the probe on this host */
        PROBE,
        /** the caller set ONEDNN_MAX_CPU_ISA */
        USER,
        /** nothing set it: oneDNN's own choice, unchecked before the first CPU job */
        DEFAULT,
        /** the probe could not run; the launcher fell back to SSE41 */
        FALLBACK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ActiveKernels ofThisProcess() {
        return fromEnvironment(System.getenv());
    }

    static ActiveKernels fromEnvironment(Map<String, String> env) {
        String isa = env.get(ISA_VARIABLE);
        String source = env.getOrDefault(SOURCE_VARIABLE, "");
        if (isa == null || isa.isBlank()) {
            return new ActiveKernels("default", Source.DEFAULT, ISA_VARIABLE + " is not set: oneDNN uses the newest"
                    + " instruction set of this CPU (not started through ./flemme or the images)");
        }
        if (source.equals(Source.FALLBACK.label())) {
            return new ActiveKernels(isa, Source.FALLBACK, "the kernel probe could not run here, so the launcher chose "
                    + isa + ", the safest");
        }
        if (source.equals(Source.PROBE.label())) {
            String file = env.getOrDefault(VERDICT_VARIABLE, "");
            Optional<KernelVerdict> verdict = file.isEmpty() ? Optional.empty() : VerdictCache.read(Path.of(file));
            if (verdict.isPresent() && verdict.get().isa().equalsIgnoreCase(isa)) {
                return new ActiveKernels(isa, Source.PROBE, verdict.get().reason() + " (" + file + ", probed "
                        + verdict.get().probedAt() + ")");
            }
        }
        return new ActiveKernels(isa, Source.USER, ISA_VARIABLE + "=" + isa + " was set by the caller");
    }

    /** {@code ONEDNN_MAX_CPU_ISA=AVX2 (probe: ...)}. */
    public String describe() {
        return ISA_VARIABLE + "=" + isa + " (" + source.label() + ": " + reason + ")";
    }
}
