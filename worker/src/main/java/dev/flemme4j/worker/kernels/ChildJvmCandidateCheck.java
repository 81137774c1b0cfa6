package dev.flemme4j.worker.kernels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Checks a candidate in a short-lived JVM started with its {@code ONEDNN_MAX_CPU_ISA}: oneDNN reads the variable
 * once, when libtorch loads, so a running JVM cannot try another. The child has this JVM's class path and its
 * DJL settings (cache directory, offline mode, thread counts: the check must run with the threads training
 * uses), and {@code ONEDNN_VERBOSE=1}, whose lines name the instruction set and the convolution implementations
 * the check exercised. A crash, a timeout or a missing result line fails the candidate with what the child said.
 */
public final class ChildJvmCandidateCheck implements KernelCandidateCheck {
    private static final int TAIL_LINES = 12;
    private final Path java;
    private final String classPath;
    private final String mainClass;
    private final long timeoutSeconds;

    public ChildJvmCandidateCheck(Path java, String classPath, String mainClass, long timeoutSeconds) {
        this.java = java;
        this.classPath = classPath;
        this.mainClass = mainClass;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The real check, in a JVM like this one. */
    public static ChildJvmCandidateCheck likeThisJvm() {
        return new ChildJvmCandidateCheck(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), CandidateCheckMain.class.getName(), 300);
    }

    @Override
    public CandidateResult check(KernelCandidate candidate) {
        long t0 = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-XX:+UseSerialGC"));
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("ai.djl.") || key.equals("DJL_CACHE_DIR") || key.equals("OPT_OUT_TRACKING")) {
                command.add("-D" + key + "=" + v);
            }
        });
        command.addAll(List.of("-cp", classPath, mainClass));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("ONEDNN_MAX_CPU_ISA", candidate.isa());
        env.put("ONEDNN_VERBOSE", "1");
        try {
            Process p = pb.start();
            Output out = Output.read(p, timeoutSeconds);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (out.timedOut) {
                return CandidateResult.failed(candidate, "no result within " + timeoutSeconds + " s" + out.tail(), ms);
            }
            if (out.result == null) {
                return CandidateResult.failed(candidate, "the check JVM exited with status " + out.exitCode
                        + " without a result" + out.tail(), ms);
            }
            boolean passed = out.exitCode == 0 && out.result.startsWith("PASS ");
            String summary = out.result.replaceFirst("^(PASS|FAIL|ERROR) ", passed ? "" : "$1 ") + out.exercised();
            return passed ? CandidateResult.passed(candidate, summary, ms) : CandidateResult.failed(candidate, summary, ms);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + java + " to check " + candidate.isa(), e);
        }
    }

    /** What the child printed: the result line, oneDNN's ISA and convolution implementations, the last lines. */
    private static final class Output {
        String result;
        String isa;
        final TreeSet<String> convolutions = new TreeSet<>();
        final Deque<String> last = new ArrayDeque<>();
        int exitCode;
        boolean timedOut;

        static Output read(Process p, long timeoutSeconds) throws IOException {
            Output o = new Output();
            Thread reader = new Thread(() -> o.consume(p), "kernel-check-output");
            reader.setDaemon(true);
            reader.start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    o.timedOut = true;
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while checking kernels", e);
            }
            o.exitCode = o.timedOut ? -1 : p.exitValue();
            return o;
        }

        private void consume(Process p) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    take(line);
                }
            } catch (IOException e) {
                take("(output unreadable: " + e.getMessage() + ")");
            }
        }

        private synchronized void take(String line) {
            if (line.startsWith(CandidateCheckMain.MARKER)) {
                result = line.substring(CandidateCheckMain.MARKER.length()).strip();
            } else if (line.startsWith("onednn_verbose,info,cpu,isa:")) {
                isa = line.substring("onednn_verbose,info,cpu,isa:".length());
            } else if (line.startsWith("onednn_verbose,") && line.contains(",exec,cpu,convolution,")) {
                String[] f = line.split(",");
                for (int i = 0; i + 1 < f.length; i++) {
                    if (f[i].equals("convolution")) {
                        convolutions.add(f[i + 1]);
                        break;
                    }
                }
            } else if (!line.startsWith("onednn_verbose,")) {
                last.addLast(line);
                if (last.size() > TAIL_LINES) {
                    last.removeFirst();
                }
            }
        }

        synchronized String exercised() {
            return (isa == null ? "" : "; oneDNN ISA: " + isa)
                    + (convolutions.isEmpty() ? "" : "; convolutions: " + String.join(" ", convolutions));
        }

        synchronized String tail() {
            return last.isEmpty() ? "" : "; last output: " + String.join(" | ", last);
        }
    }
}
