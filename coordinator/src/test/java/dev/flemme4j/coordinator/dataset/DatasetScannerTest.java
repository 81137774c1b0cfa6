package dev.flemme4j.coordinator.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.RejectReason;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.spec.LoaderSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
    @TempDir
    Path root;

    private static LoaderSpec loader(String yaml) {
        return LoaderSpec.parse(YamlDocument.parse(yaml), true);
    }

    @Test
    void pairsSortedImagesWithSameNamedLabels() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 3, 8, 8);
        Files.writeString(root.resolve("ds/raw/notes.txt"), "ignored: wrong suffix");
        Files.writeString(root.resolve("ds/raw/.hidden.png"), "ignored: hidden");
        List<SamplePair> pairs = new DatasetScanner(root).scan(loader("dataset: {data_path: ds}"), "loader");
        assertEquals(3, pairs.size());
        assertEquals(root.resolve("ds/raw/case_000.png"), pairs.get(0).image());
        assertEquals(root.resolve("ds/label/case_000.png"), pairs.get(0).label());
        assertEquals(root.resolve("ds/raw/case_002.png"), pairs.get(2).image());
        assertEquals("2/case_002.png", pairs.get(2).key(2));
    }

    @Test
    void labelSuffixReplacesDataSuffix() throws Exception {
        Path ds = root.resolve("ds");
        Files.createDirectories(ds.resolve("img"));
        Files.createDirectories(ds.resolve("mask"));
        Files.writeString(ds.resolve("img/a_0000.png"), "x");
        Files.writeString(ds.resolve("mask/a_mask.png"), "x");
        var pairs = new DatasetScanner(root).scan(loader("""
                dataset: {data_path: ds, data_dir: img, label_dir: mask, data_suffix: _0000.png, label_suffix: _mask.png}
                """), "loader");
        assertEquals(ds.resolve("mask/a_mask.png"), pairs.get(0).label());
    }

    @Test
    void missingDataFolderNamesKeyAndResolvedFolder() {
        JobRejection r = assertThrows(JobRejection.class,
                () -> new DatasetScanner(root).scan(loader("dataset: {data_path: nowhere}"), "loader"));
        assertEquals("loader.dataset.data_path", r.path());
        assertEquals(RejectReason.DATA, r.reason());
        assertTrue(r.getMessage().contains(root.resolve("nowhere").toString()), r.getMessage());
    }

    @Test
    void missingFolderInDataPathListNamesItsIndex() throws Exception {
        TestDatasets.segmentation(root.resolve("a"), 1, 4, 4);
        JobRejection r = assertThrows(JobRejection.class, () -> new DatasetScanner(root).scan(loader("""
                dataset: {name: ImgSegDataset}
                data_path_list: [a, b]
                """), "val_loader"));
        assertEquals("val_loader.data_path_list[1]", r.path());
        assertTrue(r.getMessage().contains(root.resolve("b").toString()), r.getMessage());
    }

    @Test
    void missingLabelIsNamed() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 2, 4, 4);
        Files.delete(root.resolve("ds/label/case_001.png"));
        JobRejection r = assertThrows(JobRejection.class,
                () -> new DatasetScanner(root).scan(loader("dataset: {data_path: ds}"), "loader"));
        assertEquals("loader.dataset.label_dir", r.path());
        assertTrue(r.getMessage().contains("case_001.png"), r.getMessage());
    }

    @Test
    void emptyImageFolderIsAFault() throws Exception {
        Files.createDirectories(root.resolve("ds/raw"));
        Files.createDirectories(root.resolve("ds/label"));
        JobRejection r = assertThrows(JobRejection.class,
                () -> new DatasetScanner(root).scan(loader("dataset: {data_path: ds}"), "loader"));
        assertTrue(r.getMessage().contains("no images matching *.png"), r.getMessage());
    }
}
