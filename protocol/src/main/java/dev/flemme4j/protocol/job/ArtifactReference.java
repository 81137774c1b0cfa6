package dev.flemme4j.protocol.job;

import dev.flemme4j.protocol.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Resolves a YAML reference to weights an earlier job of this cluster left (latent diffusion's {@code ae_path}) to
 * the parameter file: a job id (its artifact directory {@code <root>/<id>}, the last attempt's checkpoints, the best
 * checkpoint when one was kept, else the last), or a path under the artifact root naming a job's artifact directory,
 * a checkpoint directory or its parameter file. The coordinator checks it when the job is submitted, the worker
 * loads what it names; anything outside the root or missing is refused naming the key.
 */
public final class ArtifactReference {
    /** Layout written by the worker's checkpoint writer. */
    public static final String CHECKPOINTS = "checkpoints";
    public static final String BEST = "ckp_best_score";
    public static final String LAST = "ckp_last";
    public static final String PARAMETERS = "model.params";
    private static final Pattern ATTEMPT = Pattern.compile("attempt-(\\d+)");

    private ArtifactReference() {
    }

    /**
     * @param key   the YAML key the reference came from, for errors (e.g. {@code model.ae_path})
     * @param value the reference as written
     * @return the parameter file it names
     */
    public static Path resolve(Path artifactRoot, String key, String value) {
        Path root = artifactRoot.toAbsolutePath().normalize();
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "is empty: give a job id or a checkpoint path under the artifact root");
        }
        Path named = root.resolve(value).normalize();
        if (!named.startsWith(root) || named.equals(root)) {
            throw new ConfigException(key, "'" + value + "' is outside the artifact root " + root
                    + ": give a job id or a path under it");
        }
        Path file = parameters(named);
        if (file == null) {
            throw new ConfigException(key, "'" + value + "' names no checkpoint under the artifact root " + root
                    + " (no " + PARAMETERS + " in " + named + ")");
        }
        return file;
    }

    private static Path parameters(Path p) {
        if (Files.isRegularFile(p)) {
            return p;
        }
        if (!Files.isDirectory(p)) {
            return null;
        }
        for (Path candidate : List.of(p.resolve(PARAMETERS), p.resolve(BEST).resolve(PARAMETERS),
                p.resolve(LAST).resolve(PARAMETERS))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        // a job's artifact directory: later attempts live in attempt-N beside the first attempt's checkpoints
        List<Path> attempts = new ArrayList<>(List.of(p));
        try (var s = Files.list(p)) {
            s.filter(d -> ATTEMPT.matcher(d.getFileName().toString()).matches() && Files.isDirectory(d))
                    .sorted((a, b) -> Integer.compare(number(a), number(b)))
                    .forEach(attempts::add);
        } catch (java.io.IOException e) {
            return null;
        }
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Path ckp = attempts.get(i).resolve(CHECKPOINTS);
            for (Path candidate : List.of(ckp.resolve(BEST).resolve(PARAMETERS), ckp.resolve(LAST).resolve(PARAMETERS))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static int number(Path attempt) {
        var m = ATTEMPT.matcher(attempt.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }
}
