package dev.flemme4j.worker.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict cache is keyed by host and natives, and a verdict that does not hold for the key is not used. */
class VerdictCacheTest {
    private static final CpuInfo HOST = new CpuInfo("AMD EPYC", "sse4_1 avx avx2 fma avx512f", 2);
    private static final String NATIVES = "pytorch-native-cpu-2.3.0-linux-x86_64.jar";

    @TempDir
    Path dir;

    private static KernelVerdict verdict(HostKey key, String isa) {
        return new KernelVerdict(key.value(), key.cpuModel(), key.natives(), ConvolutionCheck.VERSION, isa, true,
                isa + " is the first of ALL, AVX2 whose convolutions passed the check",
                List.of("ALL: FAILED: output of conv2d batch 2, 20→4 channels, 8²: max error 11.2 > 0.001 \\ 50%",
                        isa + ": passed: fine"), Instant.parse("2026-12-02T10:00:00Z"));
    }

    @Test
    void aSavedVerdictReadsBackForItsKey() throws Exception {
        HostKey key = HostKey.of(HOST, NATIVES);
        VerdictCache cache = new VerdictCache(dir);
        Path file = cache.save(verdict(key, "AVX2"));
        assertEquals(cache.file(key), file);
        assertEquals(verdict(key, "AVX2"), cache.load(key).orElseThrow());
        // the launcher reads these two lines with sed
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.contains("isa=AVX2") && lines.contains("passed=true"), lines.toString());
    }

    @Test
    void anotherCpuOrOtherNativesMeanAnotherKeyAndNoVerdict() {
        HostKey key = HostKey.of(HOST, NATIVES);
        VerdictCache cache = new VerdictCache(dir);
        cache.save(verdict(key, "ALL"));
        HostKey otherFlags = HostKey.of(new CpuInfo("AMD EPYC", "sse4_1 avx avx2 fma", 2), NATIVES);
        HostKey otherModel = HostKey.of(new CpuInfo("Intel Xeon", HOST.flags(), 2), NATIVES);
        HostKey otherNatives = HostKey.of(HOST, "pytorch-native-cpu-2.5.1-linux-x86_64.jar");
        for (HostKey other : List.of(otherFlags, otherModel, otherNatives)) {
            assertNotEquals(key.value(), other.value());
            assertTrue(cache.load(other).isEmpty(), other.toString());
        }
        assertEquals(key, HostKey.of(new CpuInfo("AMD EPYC", HOST.flags(), 64), NATIVES), "the core count is not in it");
    }

    @Test
    void aVerdictOfAnOlderCheckOrAnotherKeyInTheFileIsNotUsed() throws Exception {
        HostKey key = HostKey.of(HOST, NATIVES);
        VerdictCache cache = new VerdictCache(dir);
        Path file = cache.save(verdict(key, "ALL"));
        Files.writeString(file, Files.readString(file).replace("check.version=" + ConvolutionCheck.VERSION, "check.version=0"));
        assertTrue(cache.load(key).isEmpty());
        cache.save(verdict(key, "ALL"));
        Files.writeString(file, Files.readString(file).replace("host.key=" + key.value(), "host.key=0000000000000000"));
        assertTrue(cache.load(key).isEmpty());
        Files.writeString(file, "garbage\u0000");
        assertTrue(cache.load(key).isEmpty());
    }

    @Test
    void theDirectoryFollowsFlemmeCacheDirThenXdgThenHome() {
        assertEquals(Path.of("/c"), VerdictCache.defaultDir(Map.of("FLEMME_CACHE_DIR", "/c", "XDG_CACHE_HOME", "/x"), "/h"));
        assertEquals(Path.of("/x/flemme4j"), VerdictCache.defaultDir(Map.of("XDG_CACHE_HOME", "/x"), "/h"));
        assertEquals(Path.of("/h/.cache/flemme4j"), VerdictCache.defaultDir(Map.of(), "/h"));
    }

    @Test
    void theNativesAreTheSortedPyTorchNativeJarNamesOfTheClassPath() {
        assertEquals("pytorch-native-cpu-2.3.0-linux-x86_64.jar,pytorch-native-cu121-2.3.0-linux-x86_64.jar",
                HostKey.nativeJars("/a/lib/x.jar:/a/lib/pytorch-native-cu121-2.3.0-linux-x86_64.jar:/m/pytorch-engine-0.28.0.jar"
                        + ":/m/pytorch-native-cpu-2.3.0-linux-x86_64.jar"));
        assertEquals("none", HostKey.nativeJars("/a/classes:/b/x.jar"));
    }
}
