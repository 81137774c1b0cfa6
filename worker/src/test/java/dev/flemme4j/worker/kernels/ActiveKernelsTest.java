package dev.flemme4j.worker.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveKernelsTest {
    @TempDir
    Path dir;

    private Path verdictFile(String isa) {
        HostKey key = HostKey.of(new CpuInfo("AMD EPYC", "avx2", 2), "n.jar");
        return new VerdictCache(dir).save(new KernelVerdict(key.value(), key.cpuModel(), key.natives(), ConvolutionCheck.VERSION,
                isa, true, isa + " is the first of ALL, AVX2 whose convolutions passed the check (1 faster one failed)",
                List.of(), Instant.parse("2026-12-02T10:00:00Z")));
    }

    @Test
    void theProbesVerdictIsNamedWithItsReason() {
        Path file = verdictFile("AVX2");
        ActiveKernels k = ActiveKernels.fromEnvironment(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2",
                "FLEMME_CPU_KERNELS_SOURCE", "probe", "FLEMME_CPU_KERNELS_VERDICT", file.toString()));
        assertEquals(new ActiveKernels("AVX2", ActiveKernels.Source.PROBE, k.reason()), k);
        assertTrue(k.reason().contains("1 faster one failed") && k.reason().contains(file.toString()), k.reason());
        assertTrue(k.describe().startsWith("ONEDNN_MAX_CPU_ISA=AVX2 (probe: AVX2 is the first"), k.describe());
    }

    @Test
    void aValueThatIsNotTheVerdictsIsTheUsers() {
        Path file = verdictFile("AVX2");
        assertEquals(ActiveKernels.Source.USER, ActiveKernels.fromEnvironment(Map.of("ONEDNN_MAX_CPU_ISA", "ALL",
                "FLEMME_CPU_KERNELS_SOURCE", "probe", "FLEMME_CPU_KERNELS_VERDICT", file.toString())).source());
        assertEquals(ActiveKernels.Source.USER, ActiveKernels.fromEnvironment(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2",
                "FLEMME_CPU_KERNELS_SOURCE", "user")).source());
        assertEquals(ActiveKernels.Source.USER, ActiveKernels.fromEnvironment(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2",
                "FLEMME_CPU_KERNELS_SOURCE", "probe", "FLEMME_CPU_KERNELS_VERDICT", dir.resolve("gone").toString())).source());
    }

    @Test
    void unsetIsTheDefaultAndTheFallbackSaysSo() {
        ActiveKernels unset = ActiveKernels.fromEnvironment(Map.of());
        assertEquals("default", unset.isa());
        assertEquals("default", unset.source().label());
        ActiveKernels fallback = ActiveKernels.fromEnvironment(Map.of("ONEDNN_MAX_CPU_ISA", "SSE41",
                "FLEMME_CPU_KERNELS_SOURCE", "fallback"));
        assertEquals(ActiveKernels.Source.FALLBACK, fallback.source());
        assertTrue(fallback.reason().contains("could not run"), fallback.reason());
    }

    @Test
    void theSafetyNetsMessageNamesTheSettingAndTheRemedy() {
        CheckReport failed = new CheckReport(23, List.of("output of conv2d batch 2, 20→4 channels, 8², kernel 3, stride 1:"
                + " max error 11.2 > 0.0010"), 1e4, 128, 9, 4, 900);
        String user = CpuConvolutionCheck.failureMessage(failed, new ActiveKernels("AVX2", ActiveKernels.Source.USER, "set"));
        assertTrue(user.contains("ONEDNN_MAX_CPU_ISA=AVX2") && user.contains("max error 11.2")
                && user.contains("128 repeated backward passes 9 differed, 4 non-finite")
                && user.contains("set it to SSE41"), user);
        String probe = CpuConvolutionCheck.failureMessage(failed, new ActiveKernels("ALL", ActiveKernels.Source.PROBE, "x"));
        assertTrue(probe.contains("./flemme kernels --probe"), probe);
        String unset = CpuConvolutionCheck.failureMessage(failed, ActiveKernels.fromEnvironment(Map.of()));
        assertTrue(unset.contains("ONEDNN_MAX_CPU_ISA=default") && unset.contains("through ./flemme"), unset);
    }
}
