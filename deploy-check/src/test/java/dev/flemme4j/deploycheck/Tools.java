package dev.flemme4j.deploycheck;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finding the repository and the external checkers, and running them. A missing tool is a test FAILURE that
 * says how to install it, never a skip: a check that silently does not run would let broken files land.
 */
public final class Tools {

    /** What .ci/run installs; repeated in every "missing tool" message. */
    public static final String APT_HINT = "apt-get install -y docker-compose prometheus";
    public static final String NPM_HINT = "npm ci --prefix deploy-check";

    private Tools() {
    }

    /** The repository root: the nearest ancestor of the working directory that holds docker/compose.yaml. */
    public static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docker/compose.yaml"))) {
                return d;
            }
        }
        return fail("no docker/compose.yaml above " + dir);
    }

    /** An executable on PATH, or a failed test naming the package that provides it. */
    public static Path onPath(String exe, String aptPackage) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(p, exe);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("`" + exe + "` is not on PATH: install Debian package `" + aptPackage + "` (CI: " + APT_HINT + ")");
    }

    /** A file of the pinned npm tools in deploy-check/node_modules, or a failed test saying to run npm ci. */
    public static Path npmFile(String relative) {
        Path file = repoRoot().resolve("deploy-check/node_modules").resolve(relative);
        if (!Files.exists(file)) {
            fail(file + " is missing: install the pinned npm tools with `" + NPM_HINT + "` from the repository root");
        }
        return file;
    }

    /** Runs {@code node <script> args...} with the node on PATH. */
    public static Result node(Duration timeout, Path script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(onPath("node", "nodejs").toString(), script.toString()));
        cmd.addAll(List.of(args));
        return run(timeout, repoRoot(), cmd);
    }

    /** Runs a command in {@code dir}, stdout and stderr merged; a timeout fails the test. */
    public static Result run(Duration timeout, Path dir, List<String> cmd) {
        return run(timeout, dir, cmd, true);
    }

    /**
     * Runs a command in {@code dir}; a timeout fails the test. Unless {@code mergeStderr}, the result's output is
     * stdout alone (for output that is parsed) and stderr goes to {@link Result#describe()} only.
     */
    public static Result run(Duration timeout, Path dir, List<String> cmd, boolean mergeStderr) {
        try {
            Path log = Files.createTempFile("deploy-check", ".out");
            Path err = Files.createTempFile("deploy-check", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
                if (mergeStderr) {
                    pb.redirectErrorStream(true);
                } else {
                    pb.redirectError(err.toFile());
                }
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return fail(String.join(" ", cmd) + " did not finish within " + timeout);
                }
                return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                        String.join(" ", cmd), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return fail("could not run " + String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + String.join(" ", cmd));
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Exit code and merged output of one command. */
    public record Result(int exit, String output, String command, String stderr) {
        /** A message for assertions: the command and what it printed. */
        public String describe() {
            return "`" + command + "` exited " + exit + ":\n" + output + (stderr.isEmpty() ? "" : "\nstderr:\n" + stderr);
        }
    }
}
