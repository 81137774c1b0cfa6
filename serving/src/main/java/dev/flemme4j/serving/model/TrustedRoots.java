package dev.flemme4j.serving.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The directories model files may come from. A directory named by a release record (i.e. by whoever can write to
 * the models topic) is accepted only when its real path, with every symlink resolved, lies inside one of the
 * roots' real paths; anything else is refused before a byte of it is read.
 */
public final class TrustedRoots {

    private final List<Path> roots;

    public TrustedRoots(List<Path> roots) {
        this.roots = roots.stream().filter(Objects::nonNull).map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * The real path of {@code dir} when it is inside a root.
     *
     * @throws ModelLoadException relative paths, missing directories and anything resolving outside every root
     */
    public Path confine(String dir) {
        if (dir == null || dir.isBlank()) {
            throw new ModelLoadException("release names no model directory");
        }
        Path p = Path.of(dir);
        if (!p.isAbsolute()) {
            throw new ModelLoadException("model directory '" + dir + "' is not an absolute path; refusing it");
        }
        if (roots.isEmpty()) {
            throw new ModelLoadException("model directory " + dir + " refused: no artifact root is configured to load releases from");
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new ModelLoadException("model directory " + dir + " does not exist");
        }
        List<String> tried = new ArrayList<>();
        for (Path root : roots) {
            try {
                Path realRoot = root.toRealPath();
                if (real.startsWith(realRoot) && !real.equals(realRoot) && Files.isDirectory(real)) {
                    return real;
                }
            } catch (IOException e) {
                // a root that does not exist yet confines nothing
            }
            tried.add(root.toString());
        }
        throw new ModelLoadException("model directory " + dir + " (real path " + real + ") is outside the artifact root(s) " + tried + "; refusing it");
    }
}
