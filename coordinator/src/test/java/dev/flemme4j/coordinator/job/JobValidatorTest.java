package dev.flemme4j.coordinator.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.dataset.TestDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobValidatorTest {
    @TempDir
    Path root;
    private JobValidator validator;

    @BeforeEach
    void dataset() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 5, 40, 48);
        validator = new JobValidator(root);
    }

    private JobRejection rejected(String yaml) {
        return assertThrows(JobRejection.class, () -> validator.validate("j1", yaml));
    }

    @Test
    void validJobGivesAPlan() {
        ValidatedJob job = validator.validate("j1", TestDatasets.job("ds", "val_split_ratio: 0.4\nval_split_seed: 3\n"));
        assertEquals(3, job.dataset().train().size());
        assertEquals(2, job.dataset().val().size());
        assertEquals("j1", job.modelName());
        assertTrue(job.dataset().datasetId().matches("[0-9a-f]{16}"));
        assertEquals("flemme.data." + job.dataset().datasetId() + ".train", job.dataset().trainTopic());
    }

    @Test
    void malformedYaml() {
        JobRejection r = rejected("model: [unclosed\n  x: : y");
        assertEquals("", r.path());
        assertEquals(RejectReason.YAML, r.reason());
        assertTrue(r.getMessage().contains("malformed YAML"), r.getMessage());
    }

    @Test
    void unknownModelName() {
        JobRejection r = rejected(TestDatasets.job("ds", "").replace("name: SeM", "name: SeMM"));
        assertEquals("model.name", r.path());
        assertEquals(RejectReason.MODEL, r.reason());
    }

    @Test
    void baseIsNotTrainableAlone() {
        JobRejection r = rejected(TestDatasets.job("ds", "").replace("name: SeM", "name: Base"));
        assertEquals("model.name", r.path());
        assertEquals(RejectReason.MODEL, r.reason());
        assertTrue(r.getMessage().contains("not trainable on its own"), r.getMessage());
    }

    @Test
    void aConditionalModelIsRejectedUntilDatasetsCarryConditions() {
        JobRejection r = rejected(TestDatasets.job("ds", "").replace("name: SeM", "name: SeM\n  condition_embedding:"
                + " {combine_condition: injection, encoder: {name: OneHot, num_classes: 3, out_channel: 16}}"));
        assertEquals("model.condition_embedding", r.path());
        assertEquals(RejectReason.MODEL, r.reason());
    }

    @Test
    void unknownEncoderKey() {
        JobRejection r = rejected(TestDatasets.job("ds", "").replace("    in_channel: 1\n", "    in_channel: 1\n    in_chanel: 1\n"));
        assertEquals("model.encoder.in_chanel", r.path());
        assertEquals(RejectReason.MODEL, r.reason());
    }

    @Test
    void missingDataFolder() {
        JobRejection r = rejected(TestDatasets.job("missing/folder", ""));
        assertEquals("loader.dataset.data_path", r.path());
        assertEquals(RejectReason.DATA, r.reason());
        assertTrue(r.getMessage().contains(root.resolve("missing/folder").toString()), r.getMessage());
    }

    @Test
    void imageSizeNotDivisible() {
        JobRejection r = rejected(TestDatasets.job("ds", "").replace("image_size: [32, 32]", "image_size: [30, 30]"));
        assertEquals("model.encoder.image_size", r.path());
        assertEquals(RejectReason.MODEL, r.reason());
    }

    @Test
    void resizeToAnotherSizeThanTheModelTakes() {
        JobRejection r = rejected(TestDatasets.job("ds", "").replace("      size: [32, 32]", "      size: [64, 64]"));
        assertEquals("loader.data_transforms[0].size", r.path());
        assertEquals(RejectReason.SHAPE, r.reason());
    }

    @Test
    void noResizeAndImagesOfAnotherSize() {
        JobRejection r = rejected(TestDatasets.job("ds", "").replace("    - name: Resize\n      size: [32, 32]\n", ""));
        assertEquals("model.encoder.image_size", r.path());
        assertEquals(RejectReason.SHAPE, r.reason());
        assertTrue(r.getMessage().contains("[40, 48]"), r.getMessage());
    }

    @Test
    void channelMismatch() {
        JobRejection r = rejected(TestDatasets.job("ds", "").replace("in_channel: 1", "in_channel: 3"));
        assertEquals("model.encoder.in_channel", r.path());
        assertEquals(RejectReason.SHAPE, r.reason());
    }

    @Test
    void unknownTopLevelKey() {
        JobRejection r = rejected(TestDatasets.job("ds", "max_epochs: 3\n"));
        assertEquals("max_epochs", r.path());
        assertEquals(RejectReason.CONFIG, r.reason());
    }

    @Test
    void unreadableImageIsNamed() throws Exception {
        Files.writeString(root.resolve("ds/raw/case_002.png"), "not a png at all");
        JobRejection r = rejected(TestDatasets.job("ds", ""));
        assertEquals(RejectReason.DATA, r.reason());
        assertTrue(r.getMessage().contains("case_002.png"), r.getMessage());
    }

    @Test
    void datasetIdIsStableAndIgnoresBatchSize() {
        String a = validator.validate("a", TestDatasets.job("ds", "")).dataset().datasetId();
        String b = validator.validate("b", TestDatasets.job("ds", "").replace("batch_size: 2", "batch_size: 4")).dataset().datasetId();
        assertEquals(a, b);
        String c = validator.validate("c", TestDatasets.job("ds", "val_split_ratio: 0.2\n")).dataset().datasetId();
        assertNotEquals(a, c);
    }

    @Test
    void datasetIdChangesWhenAFileChanges() throws Exception {
        String a = validator.validate("a", TestDatasets.job("ds", "")).dataset().datasetId();
        Path f = root.resolve("ds/raw/case_001.png");
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
        assertNotEquals(a, validator.validate("b", TestDatasets.job("ds", "")).dataset().datasetId());
    }

    @Test
    void jobNameBecomesModelName() {
        ValidatedJob job = validator.validate("j9", TestDatasets.job("ds", "job:\n  name: seg-demo\n"));
        assertEquals("seg-demo", job.modelName());
        assertNull(validator.validate("j9", TestDatasets.job("ds", "")).spec().job().name());
    }

    /** The shared job's SeM turned into a small SDIM whose condition embedding passes {@code conditionChannels}. */
    private static String sdim(int conditionChannels, int epsInChannel, String dataset) {
        String sem = TestDatasets.job("ds", "val_split_ratio: 0.4\n");
        String model = sem.substring(sem.indexOf("model:"), sem.indexOf("loader:"));
        String sdim = """
                model:
                  name: SDIM
                  num_ensemble: 2
                  num_sample_steps: 5
                  eps_loss: {name: MSE}
                  eps_model:
                    time_channel: 16
                    condition_embedding: {combine_condition: cat, encoder: {name: Identity, out_channel: %d}}
                    encoder: {name: UNet, image_size: [32, 32], in_channel: %d, out_channel: %d, patch_channel: 8,
                              patch_size: 2, down_channels: [8, 16], middle_channels: [32], normalization: group,
                              num_norm_groups: 4}
                """.formatted(conditionChannels, epsInChannel, epsInChannel);
        return sem.replace(model, sdim).replace("name: ImgSegDataset", "name: " + dataset);
    }

    @Test
    void supervisedDiffusionTrainsOnMasksWithTheImageAsCondition() {
        ValidatedJob job = validator.validate("j1", sdim(1, 1, "ImgSegDataset"));
        assertEquals(3, job.dataset().train().size());
    }

    @Test
    void supervisedDiffusionNamesWhatDoesNotFit() {
        JobRejection images = rejected(sdim(3, 1, "ImgSegDataset"));
        assertEquals("model.eps_model.condition_embedding.encoder.out_channel", images.path(), images.getMessage());
        JobRejection masks = rejected(sdim(1, 2, "ImgSegDataset"));
        assertEquals("model.eps_model.encoder.in_channel", masks.path(), masks.getMessage());
        JobRejection classes = rejected(sdim(1, 1, "ImgClsDataset").replace("data_path: ds", "data_path: ds\n    cls_label: {a: 0}"));
        assertEquals("loader.dataset.name", classes.path(), classes.getMessage());
    }
}
