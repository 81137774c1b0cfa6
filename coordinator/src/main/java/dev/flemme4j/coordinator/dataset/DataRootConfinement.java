package dev.flemme4j.coordinator.dataset;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Keeps every path a job makes the coordinator read inside its data root: lexically (no {@code ..} or absolute
 * path out of it) and physically (the real path of the file, or of its nearest existing parent, after symlinks).
 * The root itself may be reached through a symlink; what counts is where it really is.
 *
 * <p>Blocking file IO: call it off the event loop.
 */
final class DataRootConfinement {
    private final Path root;
    private final Path realRoot;

    DataRootConfinement(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path real;
        try {
            real = this.root.toRealPath();
        } catch (IOException e) {
            real = this.root;
        }
        this.realRoot = real;
    }

    /**
     * @param key  the YAML key the path came from, named in the rejection
     * @param path an absolute, normalised path
     * @return the path, when it stays inside the root
     */
    Path check(String key, Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            throw outside(key, p, "");
        }
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            Path real;
            try {
                real = existing.toRealPath();
            } catch (IOException e) {
                // A dangling symlink: where it points is unknown, so it is not trusted.
                throw outside(key, p, " (a symbolic link that cannot be followed)");
            }
            if (!real.startsWith(realRoot)) {
                throw outside(key, p, " (a symbolic link leads out of it)");
            }
        }
        return p;
    }

    private JobRejection outside(String key, Path p, String how) {
        return new JobRejection(RejectReason.DATA, key, p + " is outside the coordinator's data root " + root + how
                + "; jobs may read only under it (coordinator option --data-root)");
    }
}
