package dev.flemme4j.coordinator.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.JobValidator;
import dev.flemme4j.coordinator.job.ValidatedJob;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3D NIfTI datasets, MultiModalityImgSegDataset (3D and 2D), random augmentation at ingestion and split_files, from
 * validation to the encoded records. All volumes and images are small synthetic ones written by the tests.
 */
class ImageFamilyDatasetsTest {
    @TempDir
    Path root;

    private static final int[] VOL = {4, 8, 8};

    private static TensorRecord decode(byte[] b) {
        return TensorRecordCodec.standard().decode(b);
    }

    private static float at(NamedTensor t, int... index) {
        long[] shape = t.shape();
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            flat = flat * (int) shape[i] + index[i];
        }
        return t.toFloatArray()[flat];
    }

    /** Label voxels in {0, 1, 4} (BraTS-like: no 3), a function of x only. */
    private static float[] labelVolume(int[] dhw) {
        float[] d = new float[dhw[0] * dhw[1] * dhw[2]];
        for (int i = 0; i < d.length; i++) {
            int x = i % dhw[2];
            d[i] = x % 3 == 2 ? 4 : x % 3;
        }
        return d;
    }

    private Path segVolumes(int n) throws Exception {
        Path ds = root.resolve("vol");
        for (int i = 0; i < n; i++) {
            TestVolumes.write(ds.resolve("raw/case_" + i + ".nii.gz"), VOL, TestVolumes.ramp(VOL, 100 * i));
            TestVolumes.write(ds.resolve("label/case_" + i + "_seg.nii.gz"), VOL, labelVolume(VOL));
        }
        return ds;
    }

    // ---- 3D ImgSegDataset ------------------------------------------------------------------------

    @Test
    void niftiVolumesBecomeFourDimensionalRecords() throws Exception {
        segVolumes(3);
        ValidatedJob job = new JobValidator(root).validate("j", TestVolumes.job(1, 3, """
                dataset: {name: ImgSegDataset, dim: 3, data_path: vol, data_suffix: .nii.gz, label_suffix: _seg.nii.gz}
                data_transforms:
                  - {name: Resize, size: [8, 16, 16]}
                  - {name: ToTensor}
                label_transforms:
                  - {name: Resize, size: [8, 16, 16]}
                  - {name: Relabel, map: [[4, 2]]}
                  - {name: ToOneHot, num_classes: 3}
                  - {name: ToTensor}
                """, ""));
        assertEquals(3, job.dataset().train().size());
        SamplePair second = job.dataset().train().get(1);
        assertTrue(second.label().endsWith("label/case_1_seg.nii.gz"), second.toString());
        TensorRecord r = decode(new SampleEncoder().encode(second, job.dataset().trainTransforms()));
        NamedTensor image = r.require("image");
        assertArrayEquals(new long[] {1, 8, 16, 16}, image.shape());
        // nearest doubling reads source voxel (z/2, y/2, x/2); voxels are 100·case + index and ToTensor does not scale
        for (int[] p : List.of(new int[] {0, 0, 0}, new int[] {7, 15, 15}, new int[] {3, 5, 10})) {
            float expected = 100 + (p[0] / 2 * 8 + p[1] / 2) * 8 + p[2] / 2;
            assertEquals(expected, at(image, 0, p[0], p[1], p[2]), "voxel " + Arrays.toString(p));
        }
        NamedTensor label = r.require("label");
        assertArrayEquals(new long[] {3, 8, 16, 16}, label.shape());
        // source x = 5 → 5 % 3 = 2 → label 4 → relabelled 2; x = 3 → 0; x = 4 → 1
        assertEquals(1f, at(label, 2, 0, 0, 10));
        assertEquals(1f, at(label, 0, 0, 0, 6));
        assertEquals(1f, at(label, 1, 0, 0, 8));
        assertEquals(0f, at(label, 0, 0, 0, 8));
    }

    @Test
    void suffixesMatchAsGlobDoes() throws Exception {
        Path ds = root.resolve("mixed");
        TestVolumes.write(ds.resolve("raw/a.nii"), VOL, TestVolumes.ramp(VOL, 0));
        TestVolumes.write(ds.resolve("raw/b.nii.gz"), VOL, TestVolumes.ramp(VOL, 0));
        TestVolumes.write(ds.resolve("label/a.nii"), VOL, labelVolume(VOL));
        TestVolumes.write(ds.resolve("label/b.nii.gz"), VOL, labelVolume(VOL));
        DatasetScanner scanner = new DatasetScanner(root);
        for (String suffix : List.of(".nii", ".nii.gz")) {
            var spec = dev.flemme4j.protocol.spec.TrainJobSpec.parse(TestVolumes.job(1, 1,
                    "dataset: {name: ImgSegDataset, dim: 3, data_path: mixed, data_suffix: " + suffix + "}\n", ""));
            List<SamplePair> pairs = scanner.scan(spec.loader(), "loader");
            assertEquals(1, pairs.size(), suffix);
            assertTrue(pairs.get(0).image().toString().endsWith(suffix), pairs.toString());
        }
    }

    @Test
    void volumeZScoreAndShapeFaults() throws Exception {
        segVolumes(2);
        JobValidator v = new JobValidator(root);
        String dataset = "dataset: {name: ImgSegDataset, dim: 3, data_path: vol, data_suffix: .nii.gz, label_suffix: _seg.nii.gz}\n";
        ValidatedJob job = v.validate("j", TestVolumes.job(1, 1, dataset
                + "data_transforms: [{name: Normalize}, {name: Resize, size: [8, 16, 16]}, {name: ToTensor}]\n", ""));
        float[] x = decode(new SampleEncoder().encode(job.dataset().train().get(0), job.dataset().trainTransforms()))
                .require("image").toFloatArray();
        double mean = Arrays.stream(toDoubles(x)).average().orElseThrow();
        double var = Arrays.stream(toDoubles(x)).map(d -> (d - mean) * (d - mean)).average().orElseThrow();
        assertEquals(0, mean, 1e-5, "3D Normalize without mean/std standardises the volume");
        assertEquals(1, var, 1e-4);

        JobRejection size = assertThrows(JobRejection.class, () -> v.validate("j", TestVolumes.job(1, 1, dataset, "")));
        assertEquals("model.encoder.image_size", size.path(), size.getMessage());
        assertTrue(size.getMessage().contains("volumes are [4, 8, 8]"), size.getMessage());
        JobRejection rot = assertThrows(JobRejection.class, () -> v.validate("j", TestVolumes.job(1, 1, dataset
                + "data_transforms: [{name: Resize, size: [8, 16, 12]}, {name: RandomRotate90}]\n", "")));
        assertEquals("loader.data_transforms[1].name", rot.path(), rot.getMessage());
        JobRejection png = assertThrows(JobRejection.class, () -> v.validate("j", TestVolumes.job(1, 1,
                dataset.replace("_seg.nii.gz", "_seg.nii"), "")));
        assertEquals("loader.dataset.label_dir", png.path(), png.getMessage());
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void volumesAreIngestedAsRecordsOnTheDataTopics() throws Exception {
        segVolumes(4);
        ValidatedJob job = new JobValidator(root).validate("j", TestVolumes.job(1, 1, """
                dataset: {name: ImgSegDataset, dim: 3, data_path: vol, data_suffix: .nii.gz, label_suffix: _seg.nii.gz}
                data_transforms: [{name: Resize, size: [8, 16, 16]}, {name: ToTensor}]
                label_transforms: [{name: Resize, size: [8, 16, 16]}, {name: ToBinaryMask}, {name: ToTensor}]
                """, "val_split_ratio: 0.25\n"));
        var producer = new org.apache.kafka.clients.producer.MockProducer<String, byte[]>(true, null,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        List<String> topics = new java.util.ArrayList<>();
        var ingestion = new DatasetIngestor(producer, topics::add, new SampleEncoder(), java.time.Clock.systemUTC())
                .ingest(job.dataset(), (done, total) -> { });
        assertEquals(3, ingestion.trainRecords());
        assertEquals(1, ingestion.valRecords());
        assertEquals(List.of(job.dataset().trainTopic(), job.dataset().valTopic()), topics);
        for (var rec : producer.history()) {
            TensorRecord r = decode(rec.value());
            assertArrayEquals(new long[] {1, 8, 16, 16}, r.require("image").shape(), rec.key());
            assertArrayEquals(new long[] {1, 8, 16, 16}, r.require("label").shape(), rec.key());
            for (float f : r.require("label").toFloatArray()) {
                assertTrue(f == 0f || f == 1f, "ToBinaryMask on labels {0, 1, 4}: " + f);
            }
        }
    }

    @Test
    void volumeReconstructionTargets() throws Exception {
        Path ds = root.resolve("vrecon");
        for (int i = 0; i < 2; i++) {
            TestVolumes.write(ds.resolve("raw/r" + i + ".nii.gz"), VOL, TestVolumes.ramp(VOL, 0));
            TestVolumes.write(ds.resolve("target/r" + i + ".nii.gz"), VOL, TestVolumes.ramp(VOL, 7));
        }
        String yaml = TestVolumes.job(1, 1, """
                dataset: {name: ImgReconDataset, dim: 3, data_path: vrecon, data_suffix: .nii.gz}
                data_transforms: [{name: Resize, size: [8, 16, 16]}, {name: ToTensor}]
                """, "").replace("name: SeM", "name: AE\n  is_supervised: true").replace("  segmentation_losses:\n    - name: Dice\n", "");
        ValidatedJob job = new JobValidator(root).validate("j", yaml);
        TensorRecord r = decode(new SampleEncoder().encode(job.dataset().train().get(0), job.dataset().trainTransforms()));
        assertArrayEquals(new long[] {1, 8, 16, 16}, r.require("label").shape());
        assertEquals(7f + 9f, at(r.require("label"), 0, 0, 2, 3), "target voxel (0, 1, 1) of a ramp from 7");
    }

    // ---- MultiModalityImgSegDataset --------------------------------------------------------------

    @Test
    void modalitiesAreStackedAsChannels() throws Exception {
        Path ds = root.resolve("brats");
        for (int i = 0; i < 2; i++) {
            TestVolumes.write(ds.resolve("t1/p" + i + "_t1.nii.gz"), VOL, TestVolumes.ramp(VOL, 0));
            TestVolumes.write(ds.resolve("t2/p" + i + "_t2.nii.gz"), VOL, TestVolumes.ramp(VOL, 1000));
            TestVolumes.write(ds.resolve("seg/p" + i + "_seg.nii.gz"), VOL, labelVolume(VOL));
        }
        String loader = """
                dataset:
                  name: MultiModalityImgSegDataset
                  dim: 3
                  data_path: brats
                  data_dir: [t1, t2]
                  label_dir: seg
                  data_suffix: [_t1.nii.gz, _t2.nii.gz]
                  label_suffix: _seg.nii.gz
                  data_combine: cat
                data_transforms: [{name: Resize, size: [8, 16, 16]}, {name: ToTensor}]
                label_transforms: [{name: Resize, size: [8, 16, 16]}, {name: Relabel, map: [[4, 2]]}, {name: ToOneHot, num_classes: 3}, {name: ToTensor}]
                """;
        JobValidator v = new JobValidator(root);
        ValidatedJob job = v.validate("j", TestVolumes.job(2, 3, loader, ""));
        SamplePair p = job.dataset().train().get(0);
        assertEquals(List.of(ds.resolve("t2/p0_t2.nii.gz")), p.otherModalities());
        NamedTensor image = decode(new SampleEncoder().encode(p, job.dataset().trainTransforms())).require("image");
        assertArrayEquals(new long[] {2, 8, 16, 16}, image.shape());
        assertEquals(9f, at(image, 0, 0, 2, 3), "t1: source voxel (0, 1, 1) = 9");
        assertEquals(1009f, at(image, 1, 0, 2, 3), "t2: the same voxel + 1000");

        JobRejection channels = assertThrows(JobRejection.class, () -> v.validate("j", TestVolumes.job(1, 3, loader, "")));
        assertEquals("model.encoder.in_channel", channels.path(), channels.getMessage());
        ValidatedJob mean = v.validate("j", TestVolumes.job(1, 3, loader.replace("data_combine: cat", "data_combine: mean"), ""));
        NamedTensor averaged = decode(new SampleEncoder().encode(mean.dataset().train().get(0), mean.dataset().trainTransforms()))
                .require("image");
        assertArrayEquals(new long[] {1, 8, 16, 16}, averaged.shape());
        assertEquals(509f, at(averaged, 0, 0, 2, 3), "(9 + 1009) / 2");
        assertNotEquals(job.dataset().datasetId(), mean.dataset().datasetId());

        Files.delete(ds.resolve("t2/p1_t2.nii.gz"));
        JobRejection missing = assertThrows(JobRejection.class, () -> v.validate("j", TestVolumes.job(2, 3, loader, "")));
        assertEquals("loader.dataset.data_dir[1]", missing.path(), missing.getMessage());
        assertTrue(missing.getMessage().contains("p1_t2.nii.gz"), missing.getMessage());
    }

    @Test
    void twoDimensionalModalitiesToo() throws Exception {
        Path ds = root.resolve("mm2d");
        Files.createDirectories(ds.resolve("a"));
        Files.createDirectories(ds.resolve("b"));
        Files.createDirectories(ds.resolve("label"));
        for (int i = 0; i < 3; i++) {
            String name = "s" + i + ".png";
            TestDatasets.write(ds.resolve("a").resolve(name), TestDatasets.gray(32, 32, i, false));
            TestDatasets.write(ds.resolve("b").resolve(name), TestDatasets.gray(32, 32, i + 50, false));
            TestDatasets.write(ds.resolve("label").resolve(name), TestDatasets.gray(32, 32, i, true));
        }
        String yaml = TestDatasets.job("mm2d", "").replace("    name: ImgSegDataset\n",
                "    name: MultiModalityImgSegDataset\n    data_dir: [a, b]\n    data_combine: cat\n")
                .replace("    in_channel: 1\n", "    in_channel: 2\n");
        ValidatedJob job = new JobValidator(root).validate("j", yaml);
        TensorRecord r = decode(new SampleEncoder().encode(job.dataset().train().get(1), job.dataset().trainTransforms()));
        NamedTensor image = r.require("image");
        assertArrayEquals(new long[] {2, 32, 32}, image.shape());
        // TestDatasets.gray: pixel (x, y) of seed s is (7x + 3y + s) % 256, scaled by ToTensor
        assertEquals((7 * 3 + 3 * 2 + 1) / 255f, at(image, 0, 2, 3), 1e-6f);
        assertEquals((7 * 3 + 3 * 2 + 51) / 255f, at(image, 1, 2, 3), 1e-6f);
        assertArrayEquals(new long[] {1, 32, 32}, r.require("label").shape());
    }

    @Test
    void valueTransformsBeforeToTensorSeeRawLabelsAndSkipItsScaling() throws Exception {
        Path ds = root.resolve("cls3");
        Files.createDirectories(ds.resolve("raw"));
        Files.createDirectories(ds.resolve("label"));
        BufferedImage mask = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 32; x++) {
            for (int y = 0; y < 32; y++) {
                mask.getRaster().setSample(x, y, 0, x < 10 ? 0 : x < 20 ? 128 : 255);
            }
        }
        for (int i = 0; i < 2; i++) {
            TestDatasets.write(ds.resolve("raw/m" + i + ".png"), TestDatasets.gray(32, 32, i, false));
            TestDatasets.write(ds.resolve("label/m" + i + ".png"), mask);
        }
        String yaml = TestDatasets.job("cls3", "").replace("    out_channel: 1\n", "    out_channel: 3\n").replace("optimizer:",
                """
                  label_transforms:
                    - name: Resize
                      size: [32, 32]
                    - name: Relabel
                      map: [[128, 1], [255, 2]]
                    - name: ToOneHot
                      num_classes: 3
                    - name: ToTensor
                optimizer:""");
        ValidatedJob job = new JobValidator(root).validate("j", yaml);
        TensorRecord r = decode(new SampleEncoder().encode(job.dataset().train().get(0), job.dataset().trainTransforms()));
        NamedTensor label = r.require("label");
        assertArrayEquals(new long[] {3, 32, 32}, label.shape());
        assertEquals(1f, at(label, 0, 5, 5));
        assertEquals(1f, at(label, 1, 5, 15), "raw 128 relabelled 1, one-hot, and not divided by 255 at ToTensor");
        assertEquals(1f, at(label, 2, 5, 25));
        assertEquals((7 * 3 + 3 * 2) / 255f, at(r.require("image"), 0, 2, 3), 1e-6f, "the image is still scaled");

        JobRejection out = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j",
                yaml.replace("    out_channel: 3\n", "    out_channel: 1\n")));
        assertEquals("loader.label_transforms[2].num_classes", out.path(), out.getMessage());
    }

    // ---- random augmentation ---------------------------------------------------------------------

    /** 2D samples whose mask is exactly "image > 128", so any joint flip keeps the relation and any split one breaks it. */
    private void thresholdDataset(int n) throws Exception {
        Path ds = root.resolve("thr");
        Files.createDirectories(ds.resolve("raw"));
        Files.createDirectories(ds.resolve("label"));
        for (int i = 0; i < n; i++) {
            BufferedImage img = TestDatasets.gray(32, 32, 17 * i, false);
            BufferedImage mask = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    mask.getRaster().setSample(x, y, 0, img.getRaster().getSample(x, y, 0) > 128 ? 255 : 0);
                }
            }
            TestDatasets.write(ds.resolve("raw/c" + i + ".png"), img);
            TestDatasets.write(ds.resolve("label/c" + i + ".png"), mask);
        }
    }

    @Test
    void randomFlipsAndRotationsMoveImageAndLabelTogetherOncePerTrainingSample() throws Exception {
        thresholdDataset(8);
        String yaml = TestDatasets.job("thr", "val_split_ratio: 0.25\nrand_seed: 5\n").replace("    - name: ToTensor\n",
                "    - name: ToTensor\n    - name: RandomHorizontalFlip\n    - name: RandomVerticalFlip\n      p: 0.5\n"
                + "    - name: RandomRotation\n      degrees: 30\n");
        JobValidator v = new JobValidator(root);
        ValidatedJob job = v.validate("j", yaml);
        assertTrue(job.spec().warnings().stream().anyMatch(w -> w.contains("drawn once per training sample")));
        DatasetPlan plan = job.dataset();
        SampleEncoder enc = new SampleEncoder();
        int changed = 0;
        for (SamplePair p : plan.train()) {
            TensorRecord r = decode(enc.encode(p, plan.trainTransforms()));
            float[] image = r.require("image").toFloatArray();
            float[] label = r.require("label").toFloatArray();
            for (int i = 0; i < image.length; i++) {
                assertEquals(image[i] > 128 / 255f ? 1f : 0f, label[i], "label follows its image at " + i + " of " + p);
            }
            float[] plain = decode(enc.encode(p, plan.trainTransforms().withoutAugmentation())).require("image").toFloatArray();
            changed += Arrays.equals(plain, image) ? 0 : 1;
            assertArrayEquals(enc.encode(p, plan.trainTransforms()), enc.encode(p, plan.trainTransforms()),
                    "the draws are fixed per sample");
        }
        // the draws follow the (temporary, so per-run) sample paths; a tiny angle without flips may leave a sample as it was
        assertTrue(changed > 0, changed + " of " + plan.train().size() + " training samples changed by the augmentation");
        for (SamplePair p : plan.val()) {
            assertArrayEquals(enc.encode(p, plan.trainTransforms().withoutAugmentation()), enc.encode(p, plan.valTransforms()),
                    "validation samples split off the loader are not augmented");
        }
        ValidatedJob reseeded = v.validate("j", yaml.replace("rand_seed: 5", "rand_seed: 6"));
        assertNotEquals(plan.datasetId(), reseeded.dataset().datasetId(), "another seed is another dataset");
    }

    @Test
    void volumeFlipsAndQuarterTurnsMoveLabelsToo() throws Exception {
        Path ds = root.resolve("vthr");
        float[] ramp = TestVolumes.ramp(VOL, 0);
        float[] mask = new float[ramp.length];
        for (int i = 0; i < ramp.length; i++) {
            mask[i] = (i * 37 % 256) > 128 ? 1 : 0;
            ramp[i] = i * 37 % 256;
        }
        for (int i = 0; i < 6; i++) {
            TestVolumes.write(ds.resolve("raw/v" + i + ".nii"), VOL, ramp);
            TestVolumes.write(ds.resolve("label/v" + i + ".nii"), VOL, mask);
        }
        ValidatedJob job = new JobValidator(root).validate("j", TestVolumes.job(1, 1, """
                dataset: {name: ImgSegDataset, dim: 3, data_path: vthr, data_suffix: .nii}
                data_transforms:
                  - {name: Resize, size: [8, 16, 16]}
                  - {name: RandomFlip}
                  - {name: RandomRotate90}
                  - {name: ToTensor}
                """, ""));
        SampleEncoder enc = new SampleEncoder();
        java.util.Set<String> forms = new java.util.HashSet<>();
        for (SamplePair p : job.dataset().train()) {
            TensorRecord r = decode(enc.encode(p, job.dataset().trainTransforms()));
            float[] image = r.require("image").toFloatArray();
            float[] label = r.require("label").toFloatArray();
            for (int i = 0; i < image.length; i++) {
                assertEquals(image[i] > 128 ? 1f : 0f, label[i], "voxel " + i + " of " + p);
            }
            forms.add(Arrays.toString(image));
        }
        assertTrue(forms.size() > 1, "identical volumes get different draws: " + forms.size() + " distinct forms");
    }

    // ---- split_files -------------------------------------------------------------------------------

    @Test
    void splitFilesChooseTrainingAndValidationSamples() throws Exception {
        TestDatasets.segmentation(root.resolve("ds"), 5, 32, 32);
        Files.writeString(root.resolve("train.txt"), "case_000\ncase_001\n\ncase_002.png\n");
        Files.writeString(root.resolve("val.txt"), "case_004\n");
        JobValidator v = new JobValidator(root);
        ValidatedJob job = v.validate("j", TestDatasets.job("ds", "split_files: {train: train.txt, val: [val.txt]}\n"));
        assertEquals(List.of("case_000.png", "case_001.png", "case_002.png"),
                job.dataset().train().stream().map(p -> p.image().getFileName().toString()).toList());
        assertEquals(List.of("case_004.png"), job.dataset().val().stream().map(p -> p.image().getFileName().toString()).toList());
        ValidatedJob valOnly = v.validate("j", TestDatasets.job("ds", "split_files: {val: val.txt}\n"));
        assertEquals(5, valOnly.dataset().train().size(), "without train files every sample trains, as in Flemme");

        JobRejection missing = assertThrows(JobRejection.class, () -> v.validate("j",
                TestDatasets.job("ds", "split_files: {val: nope.txt}\n")));
        assertEquals("split_files.val", missing.path(), missing.getMessage());
        Files.writeString(root.resolve("other.txt"), "patient_9\n");
        JobRejection none = assertThrows(JobRejection.class, () -> v.validate("j",
                TestDatasets.job("ds", "split_files: {train: [train.txt, other.txt], val: other.txt}\n")));
        assertEquals("split_files.val", none.path(), none.getMessage());
    }
}
