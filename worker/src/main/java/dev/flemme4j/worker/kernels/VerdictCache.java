package dev.flemme4j.worker.kernels;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Verdicts on disk, one file per host key: {@code <dir>/cpu-kernels-<key>.properties}. The directory is
 * {@code $FLEMME_CACHE_DIR}, else {@code $XDG_CACHE_HOME/flemme4j}, else {@code ~/.cache/flemme4j}, as in the
 * launcher's cpu-kernels.sh, which reads the {@code isa} and {@code passed} lines of the same file. A home shared
 * by several hosts keeps one file per host. A file that does not hold for the key (edited, or from an older
 * check) counts as absent.
 */
public final class VerdictCache {
    private final Path dir;

    public VerdictCache(Path dir) {
        this.dir = dir;
    }

    public static VerdictCache standard() {
        return new VerdictCache(defaultDir(System.getenv(), System.getProperty("user.home")));
    }

    static Path defaultDir(Map<String, String> env, String home) {
        if (env.get("FLEMME_CACHE_DIR") != null && !env.get("FLEMME_CACHE_DIR").isEmpty()) {
            return Path.of(env.get("FLEMME_CACHE_DIR"));
        }
        if (env.get("XDG_CACHE_HOME") != null && !env.get("XDG_CACHE_HOME").isEmpty()) {
            return Path.of(env.get("XDG_CACHE_HOME"), "flemme4j");
        }
        return Path.of(home, ".cache", "flemme4j");
    }

    public Path file(HostKey key) {
        return dir.resolve("cpu-kernels-" + key.value() + ".properties");
    }

    public Optional<KernelVerdict> load(HostKey key) {
        return read(file(key)).filter(v -> v.holdsFor(key));
    }

    /** Any verdict file, whatever it holds for (the worker reads the one the launcher names). */
    public static Optional<KernelVerdict> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            List<String> attempts = new ArrayList<>();
            for (int i = 1; p.getProperty("attempt." + i) != null; i++) {
                attempts.add(p.getProperty("attempt." + i));
            }
            return Optional.of(new KernelVerdict(p.getProperty("host.key", ""), p.getProperty("host.cpu", ""),
                    p.getProperty("natives", ""), Integer.parseInt(p.getProperty("check.version", "0")),
                    p.getProperty("isa", KernelCandidate.SAFEST), Boolean.parseBoolean(p.getProperty("passed")),
                    p.getProperty("reason", ""), attempts, Instant.parse(p.getProperty("probed.at", "1970-01-01T00:00:00Z"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Written to a temporary file and moved into place, so a reader never sees half a verdict. */
    public Path save(KernelVerdict v) {
        Path target = dir.resolve("cpu-kernels-" + v.hostKey() + ".properties");
        StringBuilder s = new StringBuilder();
        s.append("# flemme4j: the oneDNN kernels this host computes convolutions right with (flemme kernels --probe).\n");
        s.append("# Delete this file, or run `flemme kernels --probe`, to check again.\n");
        line(s, "isa", v.isa());
        line(s, "passed", Boolean.toString(v.passed()));
        line(s, "reason", v.reason());
        line(s, "host.key", v.hostKey());
        line(s, "host.cpu", v.cpuModel());
        line(s, "natives", v.natives());
        line(s, "check.version", Integer.toString(v.checkVersion()));
        line(s, "probed.at", v.probedAt().toString());
        for (int i = 0; i < v.attempts().size(); i++) {
            line(s, "attempt." + (i + 1), v.attempts().get(i));
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".cpu-kernels-", ".tmp");
            Files.writeString(tmp, s, StandardCharsets.UTF_8);
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernel verdict to " + target, e);
        }
    }

    /** {@code key=value} that {@link Properties#load} reads back exactly; the shell reads the simple values. */
    private static void line(StringBuilder s, String key, String value) {
        s.append(key).append('=').append(value.strip().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
}
