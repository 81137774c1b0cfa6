package dev.flemme4j.coordinator.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.dataset.TestDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs may make the coordinator read only under its data root; every escape is a rejection naming the key. */
class DataRootConfinementTest {
    @TempDir
    Path tmp;
    private Path root;
    private Path outside;
    private JobValidator validator;

    @BeforeEach
    void layout() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        TestDatasets.segmentation(root.resolve("ds"), 4, 32, 32);
        TestDatasets.segmentation(outside.resolve("ds"), 4, 32, 32);
        validator = new JobValidator(root);
    }

    private JobRejection rejected(String yaml) {
        return assertThrows(JobRejection.class, () -> validator.validate("j", yaml));
    }

    private static void assertOutside(JobRejection r, String key) {
        assertEquals(key, r.path(), r.getMessage());
        assertEquals(RejectReason.DATA, r.reason());
        assertTrue(r.getMessage().contains("outside the coordinator's data root"), r.getMessage());
    }

    @Test
    void aDatasetInsideTheRootStillValidates() {
        assertEquals(4, validator.validate("j", TestDatasets.job("ds", "")).dataset().train().size());
        assertEquals(4, validator.validate("j", TestDatasets.job(root.resolve("ds").toString(), "")).dataset().train().size(),
                "an absolute path inside the root is fine");
    }

    @Test
    void anAbsolutePathOutsideTheRootIsRefused() {
        assertOutside(rejected(TestDatasets.job("/etc", "")), "loader.dataset.data_path");
        assertOutside(rejected(TestDatasets.job(outside.resolve("ds").toString(), "")), "loader.dataset.data_path");
    }

    @Test
    void climbingOutWithDotDotIsRefused() {
        assertOutside(rejected(TestDatasets.job("../../..", "")), "loader.dataset.data_path");
        assertOutside(rejected(TestDatasets.job("../outside/ds", "")), "loader.dataset.data_path");
    }

    @Test
    void dataDirOrLabelDirClimbingOutIsRefused() {
        assertOutside(rejected(TestDatasets.job("ds", "").replace("    name: ImgSegDataset\n",
                "    name: ImgSegDataset\n    data_dir: ../../outside/ds/raw\n")), "loader.dataset.data_dir");
        assertOutside(rejected(TestDatasets.job("ds", "").replace("    name: ImgSegDataset\n",
                "    name: ImgSegDataset\n    label_dir: ../../outside/ds/label\n")), "loader.dataset.label_dir");
    }

    @Test
    void aSymlinkOutOfTheRootIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), outside.resolve("ds"));
        assertOutside(rejected(TestDatasets.job("link", "")), "loader.dataset.data_path");
    }

    @Test
    void aSymlinkedImageOutOfTheRootIsRefused() throws Exception {
        TestDatasets.segmentation(root.resolve("ds2"), 2, 32, 32);
        Path raw = root.resolve("ds2").resolve("raw");
        Path some;
        try (var files = Files.list(raw)) {
            some = files.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
        }
        Path victim = outside.resolve("ds").resolve("raw").resolve("case_000.png");
        Files.delete(some);
        Files.createSymbolicLink(some, victim);
        assertOutside(rejected(TestDatasets.job("ds2", "")), "loader.dataset.data_path");
    }

    @Test
    void aSplitFileOutsideTheRootIsRefusedAndNotRead() throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "case_000\n");
        JobRejection r = rejected(TestDatasets.job("ds", "split_files: {train: " + secret + "}\n"));
        assertOutside(r, "split_files.train");
        Files.writeString(root.resolve("ok.txt"), "case_001\n");
        assertOutside(rejected(TestDatasets.job("ds", "split_files: {val: [ok.txt, ../outside/secret.txt]}\n")),
                "split_files.val[1]");
    }

    @Test
    void aSplitFilesContentIsNeverEchoed() throws Exception {
        Files.writeString(root.resolve("names.txt"), "hunter2-password-line\n");
        JobRejection r = rejected(TestDatasets.job("ds", "split_files: {train: names.txt}\n"));
        assertEquals("split_files.train", r.path());
        assertFalse(r.getMessage().contains("hunter2"), r.getMessage());
    }
}
