package dev.flemme4j.worker.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The processor as Linux describes it in {@code /proc/cpuinfo}: the first {@code model name} and {@code flags}
 * lines (all cores of a host report the same) and the number of logical processors. Empty strings where the file
 * or a line is missing (not Linux, or an architecture that names them differently).
 */
public record CpuInfo(String model, String flags, int logicalProcessors) {
    static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

    /** The flags oneDNN's x86 kernels choose by, in the order of the ISA levels. */
    private static final List<String> KERNEL_FLAGS = List.of("sse4_1", "avx", "avx2", "fma", "avx512f", "avx512dq",
            "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "avx_vnni");

    public static CpuInfo ofThisHost() {
        try {
            return parse(Files.readString(PROC_CPUINFO));
        } catch (IOException e) {
            return new CpuInfo("", "", Runtime.getRuntime().availableProcessors());
        }
    }

    public static CpuInfo parse(String cpuinfo) {
        String model = null;
        String flags = null;
        int processors = 0;
        for (String line : cpuinfo.split("\n")) {
            String key = line.contains(":") ? line.substring(0, line.indexOf(':')).strip() : "";
            String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).strip() : "";
            if (key.equals("processor")) {
                processors++;
            } else if (key.equals("model name") && model == null) {
                model = value;
            } else if (key.equals("flags") && flags == null) {
                flags = value;
            }
        }
        return new CpuInfo(model == null ? "" : model, flags == null ? "" : flags, processors);
    }

    public Set<String> flagSet() {
        return flags.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(flags.split("\\s+")));
    }

    /** The vector-ISA flags that matter to oneDNN, e.g. {@code sse4_1 avx avx2 fma avx512f ...}. */
    public String kernelFlags() {
        Set<String> have = flagSet();
        return String.join(" ", KERNEL_FLAGS.stream().filter(have::contains).toList());
    }
}
