package dev.flemme4j.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dockerfiles under docker/ pass dockerfile-utils with every check as an error, and each image a role runs
 * from (the targets compose builds) runs as a non-root user, exposes its port and has a HEALTHCHECK.
 */
class DockerfileLintTest {

    private static final Path ROOT = Tools.repoRoot();
    /** role target → the port its process serves /health and /metrics on */
    private static final Map<String, String> TARGETS = Map.of(
            "coordinator", "8080", "worker", "8081", "worker-gpu", "8081", "serving", "8090");

    @TempDir
    Path tmp;

    static List<Path> dockerfiles() throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve("docker"))) {
            return s.filter(p -> p.getFileName().toString().matches("Dockerfile(\\.[\\w-]+)?")
                    && !p.getFileName().toString().endsWith(".dockerignore")).sorted().toList();
        }
    }

    @Test
    void dockerfilesLintClean() throws IOException {
        List<Path> files = dockerfiles();
        assertFalse(files.isEmpty(), "no Dockerfile under docker/");
        Tools.Result r = lint(files);
        assertEquals(0, r.exit(), r.describe());
    }

    @Test
    void linterRejectsABrokenDockerfile() throws IOException {
        // proves the lint is not vacuous
        Path bad = Files.writeString(tmp.resolve("Dockerfile"), "FROM eclipse-temurin:17-jre\nHEALTHCHECK CMD\nCOPYY a b\n");
        Tools.Result r = lint(List.of(bad));
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.output().contains("Unknown instruction: COPYY"), r.describe());
    }

    @Test
    void roleImagesRunAsNonRootWithHealthcheckAndPort() throws IOException {
        Map<String, List<String>> stages = new LinkedHashMap<>();
        for (Path f : dockerfiles()) {
            stages.putAll(stages(Files.readAllLines(f)));
        }
        List<String> problems = new ArrayList<>();
        TARGETS.forEach((target, port) -> {
            List<String> body = stages.get(target);
            if (body == null) {
                problems.add("no stage named " + target);
                return;
            }
            String user = body.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
            if (user.matches("USER\\s+(root|0)(:.*)?")) {
                problems.add(target + ": runs as root (last " + user + ")");
            }
            if (body.stream().noneMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains(":" + port + "/health"))) {
                problems.add(target + ": no HEALTHCHECK on :" + port + "/health");
            }
            if (body.stream().noneMatch(l -> l.matches("EXPOSE\\s+.*\\b" + port + "\\b.*"))) {
                problems.add(target + ": no EXPOSE " + port);
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Stage name → its instructions (continuation lines joined), for stages declared `FROM ... AS name`. */
    static Map<String, List<String>> stages(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String instruction = (pending + line).replaceAll("\\s+", " ").strip();
            pending.setLength(0);
            if (instruction.toUpperCase().startsWith("FROM ")) {
                String[] words = instruction.split(" ");
                current = new ArrayList<>();
                if (words.length >= 4 && words[words.length - 2].equalsIgnoreCase("AS")) {
                    out.put(words[words.length - 1], current);
                }
            } else if (current != null) {
                current.add(instruction);
            }
        }
        return out;
    }

    private static Tools.Result lint(List<Path> files) {
        Tools.npmFile("dockerfile-utils/package.json");
        List<String> args = files.stream().map(Path::toString).toList();
        return Tools.node(Duration.ofSeconds(30), ROOT.resolve("deploy-check/lint-dockerfiles.js"), args.toArray(String[]::new));
    }
}
