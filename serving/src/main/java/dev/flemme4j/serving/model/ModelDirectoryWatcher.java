package dev.flemme4j.serving.model;

import dev.flemme4j.protocol.model.ModelManifest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds model directories under the models root and loads what is new: a name not yet served, or a higher
 * version. Polling rather than a WatchService, because a model dir appears in several steps (onnx, then
 * manifest) and polling every few seconds on a handful of dirs is cheap and portable (bind mounts, NFS).
 * A directory that failed is retried only when its manifest changes, so a bad dir logs once.
 */
public final class ModelDirectoryWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectoryWatcher.class);

    private final Path root;
    private final ModelRegistry registry;
    private final Map<Path, FileTime> failed = new ConcurrentHashMap<>();

    public ModelDirectoryWatcher(Path root, ModelRegistry registry) {
        this.root = root;
        this.registry = registry;
    }

    /** One pass over the root; blocking. Returns how many models were loaded or replaced. */
    public synchronized int scan() {
        if (root == null || !Files.isDirectory(root)) {
            return 0;
        }
        List<Candidate> candidates = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                candidate(dir).ifPresent(candidates::add);
            }
        } catch (IOException e) {
            LOG.warn("cannot list models root {}: {}", root, e.getMessage());
            return 0;
        }
        // lowest versions first, so several versions of one model end with the newest serving
        candidates.sort(Comparator.comparing((Candidate c) -> c.manifest.name()).thenComparingInt(c -> c.manifest.version()));
        int loaded = 0;
        for (Candidate c : candidates) {
            if (!isNew(c.manifest)) {
                continue;
            }
            try {
                registry.load(c.dir);
                failed.remove(c.dir);
                loaded++;
            } catch (RuntimeException e) {
                failed.put(c.dir, c.modified);
                LOG.error("not loading model dir {}: {}", c.dir, e.getMessage());
            }
        }
        return loaded;
    }

    private record Candidate(Path dir, ModelManifest manifest, FileTime modified) {
    }

    private Optional<Candidate> candidate(Path dir) {
        Path manifestFile = dir.resolve(ModelManifest.MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        try {
            FileTime modified = Files.getLastModifiedTime(manifestFile);
            if (modified.equals(failed.get(dir))) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Candidate(dir, ModelManifest.read(dir), modified));
            } catch (RuntimeException e) {
                failed.put(dir, modified);
                LOG.error("not loading model dir {}: {}", dir, e.getMessage());
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private boolean isNew(ModelManifest m) {
        return registry.manifest(m.name())
                .map(cur -> m.version() > cur.version() || (m.version() == cur.version() && !m.sha256().equals(cur.sha256())))
                .orElse(true);
    }
}
