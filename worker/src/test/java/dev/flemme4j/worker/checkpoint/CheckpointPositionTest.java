package dev.flemme4j.worker.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command naming a checkpoint that is not there, or not readable: no position, and the reason told. */
class CheckpointPositionTest {
    @Test
    void missingOrCorruptCheckpointsGiveNoPositionAndSayWhy(@TempDir Path tmp) throws Exception {
        List<String> why = new ArrayList<>();
        assertNull(CheckpointResume.usablePosition(tmp.resolve("gone"), why::add));
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertNull(CheckpointResume.usablePosition(empty, why::add));
        Path corrupt = Files.createDirectory(tmp.resolve("corrupt"));
        Files.write(corrupt.resolve(CheckpointWriter.STATE), new byte[] {(byte) 0xff, '{', 0});
        assertNull(CheckpointResume.usablePosition(corrupt, why::add));
        assertEquals(List.of("missing", "missing", "unreadable"), why);
    }
}
