package dev.flemme4j.worker.kernels;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * What a kernel verdict holds for: the processor (model and flags), the PyTorch native jars and the version of
 * the check. Any change gives another key, hence another cache file and a new probe.
 *
 * <p>The launcher computes the same key without starting a JVM (worker/src/main/sh/cpu-kernels.sh,
 * {@code flemme_kernels_key}); {@code HostKeyTest} runs that function and compares. The value is the first 16
 * hex digits of the SHA-256 of {@code cpu=<model>\nflags=<flags>\nnatives=<jars>\ncheck=<version>\n}.
 */
public record HostKey(String value, String cpuModel, String natives) {
    public static HostKey of(CpuInfo cpu, String natives) {
        String text = "cpu=" + cpu.model() + "\nflags=" + cpu.flags() + "\nnatives=" + natives + "\ncheck="
                + ConvolutionCheck.VERSION + "\n";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new HostKey(HexFormat.of().formatHex(digest).substring(0, 16), cpu.model(), natives);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** This host with the natives of this JVM's class path. */
    public static HostKey ofThisProcess() {
        return of(CpuInfo.ofThisHost(), nativeJars(System.getProperty("java.class.path", "")));
    }

    /**
     * The file names of the PyTorch native jars on a class path, sorted and comma-separated ({@code none} without
     * any): the flavour (cpu, cu121) and the libtorch version are in the names.
     */
    static String nativeJars(String classPath) {
        String jars = Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> entry.substring(entry.lastIndexOf(File.separatorChar) + 1))
                .filter(name -> name.startsWith("pytorch-native-") && name.endsWith(".jar"))
                .sorted().distinct().collect(Collectors.joining(","));
        return jars.isEmpty() ? "none" : jars;
    }
}
