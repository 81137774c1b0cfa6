package dev.flemme4j.worker.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' side (worker/src/main/sh/cpu-kernels.sh, run by bash as ./flemme sources it): the same host key as
 * {@link HostKey}, a caller's ONEDNN_MAX_CPU_ISA winning, the cached verdict exported without a probe, the probe
 * run only when there is none, and the fallback when it writes nothing.
 */
@EnabledOnOs(OS.LINUX)
class CpuKernelsScriptTest {
    private static final Path SCRIPT = Path.of("src/main/sh/cpu-kernels.sh").toAbsolutePath();

    @TempDir
    Path tmp;
    Path lib;
    Path cache;

    @BeforeEach
    void natives() throws IOException {
        lib = Files.createDirectories(tmp.resolve("lib"));
        cache = tmp.resolve("cache");
        for (String jar : List.of("pytorch-native-cpu-2.3.0-linux-x86_64.jar", "pytorch-engine-0.28.0.jar",
                "pytorch-native-cu121-2.3.0-linux-x86_64.jar")) {
            Files.writeString(lib.resolve(jar), "");
        }
    }

    /** Runs {@code body} in bash after sourcing the script; returns stdout (stderr appended after a marker). */
    private String bash(String body, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; source \"$SCRIPT\"; " + body);
        pb.environment().remove("ONEDNN_MAX_CPU_ISA");
        pb.environment().remove("FLEMME_CPU_KERNELS_SOURCE");
        pb.environment().remove("FLEMME_CPU_KERNELS_VERDICT");
        pb.environment().put("SCRIPT", SCRIPT.toString());
        pb.environment().put("FLEMME_CACHE_DIR", cache.toString());
        pb.environment().put("LIB", lib.toString());
        pb.environment().putAll(env);
        Process p = pb.redirectError(tmp.resolve("stderr").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + Files.readString(tmp.resolve("stderr")));
        return out + "--stderr--\n" + Files.readString(tmp.resolve("stderr"));
    }

    private static final String SHOW = "echo \"isa=${ONEDNN_MAX_CPU_ISA:-<unset>} source=${FLEMME_CPU_KERNELS_SOURCE:-<unset>}"
            + " verdict=${FLEMME_CPU_KERNELS_VERDICT:-<unset>}\"";

    @Test
    void theScriptComputesTheSameHostKeyAsJava() throws Exception {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9B14 96-Core Processor  \n"
                + "flags\t\t: fpu sse4_1 avx avx2 fma avx512f\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 9B14 96-Core Processor\n"
                + "flags\t\t: fpu\n";
        Path file = tmp.resolve("cpuinfo");
        Files.writeString(file, cpuinfo);
        String natives = bash("flemme_kernels_natives \"$LIB\"", Map.of()).lines().findFirst().orElseThrow();
        assertEquals(HostKey.nativeJars(lib.resolve("pytorch-native-cpu-2.3.0-linux-x86_64.jar") + ":" + lib.resolve(
                "pytorch-native-cu121-2.3.0-linux-x86_64.jar") + ":" + lib.resolve("pytorch-engine-0.28.0.jar")), natives);
        String key = bash("flemme_kernels_key \"$CPUINFO\" \"$NATIVES\"", Map.of("CPUINFO", file.toString(), "NATIVES", natives))
                .lines().findFirst().orElseThrow();
        assertEquals(HostKey.of(CpuInfo.parse(cpuinfo), natives).value(), key);
        // and for this machine, whose /proc/cpuinfo the launcher reads
        String hostKey = bash("flemme_kernels_key /proc/cpuinfo x.jar", Map.of()).lines().findFirst().orElseThrow();
        assertEquals(HostKey.of(CpuInfo.ofThisHost(), "x.jar").value(), hostKey);
    }

    @Test
    void aCallersOwnSettingWinsAndNothingIsProbed() throws Exception {
        String out = bash("flemme_kernels_apply \"$LIB\" touch \"$FLEMME_CACHE_DIR/probed\"; " + SHOW,
                Map.of("ONEDNN_MAX_CPU_ISA", "AVX"));
        assertTrue(out.startsWith("isa=AVX source=user verdict=<unset>"), out);
        assertFalse(Files.exists(cache.resolve("probed")));
    }

    @Test
    void aCachedVerdictIsExportedWithoutProbing() throws Exception {
        HostKey key = HostKey.of(CpuInfo.ofThisHost(), "pytorch-native-cpu-2.3.0-linux-x86_64.jar,pytorch-native-cu121-2.3.0-linux-x86_64.jar");
        Path file = new VerdictCache(cache).save(new KernelVerdict(key.value(), key.cpuModel(), key.natives(),
                ConvolutionCheck.VERSION, "AVX2", true, "AVX2 is the first ...", List.of(), Instant.EPOCH));
        String out = bash("flemme_kernels_apply \"$LIB\" false; " + SHOW, Map.of());
        assertTrue(out.startsWith("isa=AVX2 source=probe verdict=" + file + "\n"), out);
        assertEquals(file.toString(), bash("flemme_kernels_verdict_file \"$LIB\"", Map.of()).lines().findFirst().orElseThrow());
    }

    @Test
    void withoutAVerdictTheProbeRunsOnceAndItsVerdictIsUsed() throws Exception {
        // a stand-in probe: writes a verdict file where the real one would, and counts its runs
        String probe = "probe() { echo run >> \"$FLEMME_CACHE_DIR/runs\"; f=\"$(flemme_kernels_verdict_file \"$LIB\")\";"
                + " printf 'isa=AVX\\npassed=true\\n' > \"$f\"; }; ";
        String out = bash(probe + "flemme_kernels_apply \"$LIB\" probe; " + SHOW + "; unset ONEDNN_MAX_CPU_ISA"
                + " FLEMME_CPU_KERNELS_SOURCE; flemme_kernels_apply \"$LIB\" probe; " + SHOW, Map.of());
        assertTrue(out.startsWith("isa=AVX source=probe verdict="), out);
        assertEquals(1, Files.readAllLines(cache.resolve("runs")).size(), "the second launch found the verdict");
        assertTrue(out.contains("checking once which CPU kernels"), out);
    }

    @Test
    void aProbeThatWritesNothingFallsBackToTheSafestAndOneThatFailedIsReported() throws Exception {
        String out = bash("flemme_kernels_apply \"$LIB\" false; " + SHOW, Map.of());
        assertTrue(out.startsWith("isa=SSE41 source=fallback verdict=<unset>"), out);
        assertTrue(out.contains("wrote no verdict"), out);
        String failed = "probe() { printf 'isa=SSE41\\npassed=false\\n' > \"$(flemme_kernels_verdict_file \"$LIB\")\"; }; ";
        out = bash(failed + "flemme_kernels_apply \"$LIB\" probe; " + SHOW, Map.of());
        assertTrue(out.startsWith("isa=SSE41 source=probe"), out);
        assertTrue(out.contains("no CPU kernel configuration passed"), out);
    }

    @Test
    void withoutAProbeCommandNothingIsSetWhenNoVerdictIsCached() throws Exception {
        String out = bash("flemme_kernels_apply \"$LIB\"; " + SHOW, Map.of());
        assertTrue(out.startsWith("isa=<unset> source=<unset>"), out);
    }
}
