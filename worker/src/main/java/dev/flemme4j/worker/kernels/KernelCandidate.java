package dev.flemme4j.worker.kernels;

import java.util.List;
import java.util.Set;

/**
 * One oneDNN configuration the probe can choose: the value of {@code ONEDNN_MAX_CPU_ISA} (the newest instruction
 * set oneDNN may use; read once, when libtorch loads) and the CPU flags it needs to differ from a lower one.
 */
public record KernelCandidate(String isa, String description, Set<String> requiredFlags) {
    /** The value that leaves oneDNN free: its own choice for the CPU. */
    public static final String UNRESTRICTED = "ALL";
    /** The last resort: right on every host measured so far, and the slowest. */
    public static final String SAFEST = "SSE41";

    /**
     * Fastest first, as measured on the train-step bench (bench/README.md). AVX skips oneDNN's brgemm
     * convolutions, the code the known tail-channel bugs of v3.3.6 are in, while keeping 256-bit vectors.
     */
    public static final List<KernelCandidate> ORDER = List.of(
            new KernelCandidate(UNRESTRICTED, "oneDNN's own choice for this CPU", Set.of()),
            new KernelCandidate("AVX512_CORE", "AVX-512 (brgemm) kernels",
                    Set.of("avx512f", "avx512dq", "avx512bw", "avx512vl")),
            new KernelCandidate("AVX2", "AVX2 (brgemm) kernels", Set.of("avx2", "fma")),
            new KernelCandidate("AVX", "AVX kernels, no brgemm", Set.of("avx")),
            new KernelCandidate(SAFEST, "SSE4.1 kernels", Set.of("sse4_1")));

    /** The candidates this CPU can run, in {@link #ORDER}; all of them when the flags are unknown. */
    public static List<KernelCandidate> forHost(CpuInfo cpu) {
        Set<String> flags = cpu.flagSet();
        if (flags.isEmpty()) {
            return ORDER;
        }
        return ORDER.stream().filter(c -> flags.containsAll(c.requiredFlags())).toList();
    }

    public static KernelCandidate named(String isa) {
        return ORDER.stream().filter(c -> c.isa().equalsIgnoreCase(isa)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown kernel configuration '" + isa + "'; one of "
                        + ORDER.stream().map(KernelCandidate::isa).toList()));
    }

    @Override
    public String toString() {
        return isa + " (" + description + ")";
    }
}
