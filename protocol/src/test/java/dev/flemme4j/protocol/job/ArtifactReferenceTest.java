package dev.flemme4j.protocol.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactReferenceTest {
    private static final String KEY = "model.ae_path";

    @TempDir
    Path root;

    private Path params(String dir) throws Exception {
        Path f = root.resolve(dir).resolve(ArtifactReference.PARAMETERS);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[] {1});
        return f;
    }

    @Test
    void aJobIdNamesItsLastAttemptsBestCheckpointElseItsLast() throws Exception {
        Path first = params("job-1/checkpoints/ckp_last");
        assertEquals(first, ArtifactReference.resolve(root, KEY, "job-1"));
        Path best = params("job-1/checkpoints/ckp_best_score");
        assertEquals(best, ArtifactReference.resolve(root, KEY, "job-1"));
        Path retry = params("job-1/attempt-2/checkpoints/ckp_last");
        params("job-1/attempt-10/other");
        assertEquals(retry, ArtifactReference.resolve(root, KEY, "job-1"));
        Path tenth = params("job-1/attempt-10/checkpoints/ckp_last");
        assertEquals(tenth, ArtifactReference.resolve(root, KEY, "job-1"), "attempts order by number, not by name");
    }

    @Test
    void aPathMayNameACheckpointDirectoryOrItsParameterFile() throws Exception {
        Path f = params("job-2/checkpoints/ckp_last");
        assertEquals(f, ArtifactReference.resolve(root, KEY, "job-2/checkpoints/ckp_last"));
        assertEquals(f, ArtifactReference.resolve(root, KEY, "job-2/checkpoints/ckp_last/model.params"));
        assertEquals(f, ArtifactReference.resolve(root, KEY, root.resolve("job-2").toString()), "absolute, inside the root");
    }

    @Test
    void outsideTheRootOrMissingIsRefusedNamingTheKey() throws Exception {
        params("job-3/checkpoints/ckp_last");
        for (String bad : new String[] {"../elsewhere", "job-3/../../x", "/etc/passwd", ".", ""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> ArtifactReference.resolve(root, KEY, bad), bad);
            assertEquals(KEY, e.path(), bad);
        }
        ConfigException missing = assertThrows(ConfigException.class, () -> ArtifactReference.resolve(root, KEY, "job-9"));
        assertEquals(KEY, missing.path());
        assertTrue(missing.getMessage().contains("names no checkpoint"), missing.getMessage());
    }
}
