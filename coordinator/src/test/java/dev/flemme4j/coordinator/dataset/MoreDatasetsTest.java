package dev.flemme4j.coordinator.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.JobValidator;
import dev.flemme4j.coordinator.job.ValidatedJob;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImgClsDataset, ImgReconDataset and MNIST (IDX files): scanning, validation, records and dataset identity. */
class MoreDatasetsTest {
    @TempDir
    Path root;

    // ---- fixtures ------------------------------------------------------------------------------

    /** Class folders {@code cats/} (3 images) and {@code dogs/} (2 images) of 32×32 gray PNGs. */
    private Path classFolders() throws IOException {
        Path ds = root.resolve("cls");
        for (String c : List.of("cats", "dogs")) {
            Files.createDirectories(ds.resolve(c));
            int n = c.equals("cats") ? 3 : 2;
            for (int i = 0; i < n; i++) {
                TestDatasets.write(ds.resolve(c).resolve("img" + i + ".png"), TestDatasets.gray(32, 32, i, false));
            }
        }
        return ds;
    }

    /** Writes an IDX file of unsigned bytes; gzipped when {@code gz}. */
    static void writeIdx(Path file, int[] dims, byte[] data, boolean gz) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(buf);
        d.writeInt(0x0800 | dims.length);
        for (int x : dims) {
            d.writeInt(x);
        }
        d.write(data);
        d.flush();
        Files.createDirectories(file.getParent());
        try (OutputStream out = gz ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(buf.toByteArray());
        }
    }

    /** A tiny MNIST: {@code n} train and 2 test 4×4 images whose pixels are {@code 16·index + position}. */
    static Path mnist(Path dir, int n, boolean gz) throws IOException {
        for (String split : List.of("train", "t10k")) {
            int count = split.equals("train") ? n : 2;
            byte[] px = new byte[count * 16];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < 16; p++) {
                    px[i * 16 + p] = (byte) (16 * i + p);
                }
                labels[i] = (byte) (i % 10);
            }
            String suffix = gz ? ".gz" : "";
            writeIdx(dir.resolve(split + "-images-idx3-ubyte" + suffix), new int[] {count, 4, 4}, px, gz);
            writeIdx(dir.resolve(split + "-labels-idx1-ubyte" + suffix), new int[] {count}, labels, gz);
        }
        return dir;
    }

    private static String clmJob(String dataset, String classLabelTransforms, String extra) {
        return """
                mode: train
                model:
                  name: ClM
                  encoder:
                    name: CNN
                    image_size: [32, 32]
                    in_channel: 1
                    out_channel: 2
                    patch_channel: 8
                    patch_size: 2
                    down_channels: [8, 16]
                    middle_channels: [32]
                    dense_channels: [32]
                loader:
                  dataset:
                %s
                  batch_size: 2
                  data_transforms:
                    - name: ToTensor
                %s
                optimizer:
                  name: Adam
                  lr: 0.001
                max_epoch: 1
                %s
                """.formatted(dataset.indent(4).stripTrailing(), classLabelTransforms.indent(2).stripTrailing(), extra);
    }

    private static final String CLS_DS = """
            name: ImgClsDataset
            data_path: cls
            cls_label: {cats: 1, dogs: 2}""";
    private static final String ONE_HOT = """
            class_label_transforms:
              - name: Relabel
                offset: -1
              - name: ToOneHot
                num_classes: 2
              - name: ToTensor""";

    private static TensorRecord decode(byte[] b) {
        return TensorRecordCodec.standard().decode(b);
    }

    // ---- ImgClsDataset -------------------------------------------------------------------------

    @Test
    void classFoldersBecomeOneHotRecordsInClsLabelOrder() throws Exception {
        classFolders();
        ValidatedJob job = new JobValidator(root).validate("j", clmJob(CLS_DS, ONE_HOT, "val_split_ratio: 0.4"));
        List<SamplePair> all = new java.util.ArrayList<>(job.dataset().train());
        all.addAll(job.dataset().val());
        assertEquals(5, all.size());
        assertEquals(3, all.stream().filter(p -> p.classIndex() == 1).count());
        SamplePair dog = all.stream().filter(p -> p.classIndex() == 2).findFirst().orElseThrow();
        assertTrue(dog.image().toString().contains("/dogs/"), dog.toString());
        TensorRecord r = decode(new SampleEncoder().encode(dog, job.dataset().trainTransforms()));
        assertArrayEquals(new long[] {1, 32, 32}, r.require("image").shape());
        assertArrayEquals(new long[] {2}, r.require("label").shape());
        assertArrayEquals(new float[] {0, 1}, r.require("label").toFloatArray());
    }

    @Test
    void classIndexWithoutToOneHotIsOneValue() {
        assertArrayEquals(new float[] {4}, SampleTransforms.classLabel(5, TrainJobSpec.parse(clmJob(CLS_DS, """
                class_label_transforms:
                  - name: Relabel
                    offset: -1""", "")).loader().classLabelTransforms(), "k", "s"));
    }

    @Test
    void clmNeedsOneHotTargetsOfItsClassCount() throws Exception {
        classFolders();
        JobValidator v = new JobValidator(root);
        JobRejection none = assertThrows(JobRejection.class, () -> v.validate("j", clmJob(CLS_DS, "", "")));
        assertEquals("loader.class_label_transforms", none.path());
        JobRejection wrong = assertThrows(JobRejection.class, () -> v.validate("j",
                clmJob(CLS_DS, ONE_HOT.replace("num_classes: 2", "num_classes: 3"), "")));
        assertEquals("loader.class_label_transforms[1].num_classes", wrong.path());
    }

    @Test
    void classIndexOutsideOneHotNamesTheTransform() throws Exception {
        classFolders();
        ValidatedJob job = new JobValidator(root).validate("j", clmJob(CLS_DS.replace("dogs: 2", "dogs: 3"), ONE_HOT, ""));
        SamplePair dog = job.dataset().train().stream().filter(p -> p.classIndex() == 3).findFirst().orElseThrow();
        JobRejection r = assertThrows(JobRejection.class,
                () -> new SampleEncoder().encode(dog, job.dataset().trainTransforms()));
        assertEquals("loader.class_label_transforms[1].num_classes", r.path());
    }

    @Test
    void missingClassFolderAndSegmentationModelOnClassesAreRejected() throws Exception {
        classFolders();
        JobValidator v = new JobValidator(root);
        JobRejection folder = assertThrows(JobRejection.class, () -> v.validate("j",
                clmJob(CLS_DS.replace("dogs", "birds"), ONE_HOT, "")));
        assertEquals("loader.dataset.cls_label.birds", folder.path());
        JobRejection sem = assertThrows(JobRejection.class, () -> v.validate("j",
                TestDatasets.job("cls", "").replace("    name: ImgSegDataset\n", "    name: ImgClsDataset\n    cls_label: {cats: 0}\n")
                        .replace("    data_dir: raw\n", "").replace("    label_dir: label\n", "")));
        assertEquals("loader.dataset.name", sem.path(), sem.getMessage());
    }

    @Test
    void oneHotOnImagesChangesTheirChannels() throws Exception {
        // ToOneHot is no longer limited to class indices: on an image it makes num_classes channels, which the model's
        // in_channel must then take
        classFolders();
        JobRejection e = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j",
                clmJob(CLS_DS, ONE_HOT, "").replace("    - name: ToTensor\n  class", "    - name: ToOneHot\n      num_classes: 3\n  class")));
        assertEquals("model.encoder.in_channel", e.path(), e.getMessage());
        assertTrue(e.getMessage().contains("3 channel(s)"), e.getMessage());
    }

    @Test
    void namedClsLabelDictionariesAreNotSupportedYet() {
        ConfigException e = assertThrows(ConfigException.class, () -> TrainJobSpec.parse(
                clmJob(CLS_DS.replace("{cats: 1, dogs: 2}", "medpoints"), ONE_HOT, "")));
        assertEquals("loader.dataset.cls_label", e.path());
    }

    // ---- MNIST ---------------------------------------------------------------------------------

    private static String mnistJob(String path, String valLoader) {
        return clmJob("name: MNIST\ndata_path: " + path, ONE_HOT.replace("  - name: Relabel\n    offset: -1\n", "")
                .replace("num_classes: 2", "num_classes: 10"), valLoader)
                .replace("out_channel: 2", "out_channel: 10")
                .replace("  data_transforms:\n    - name: ToTensor", "  data_transforms:\n    - name: Resize\n      size: [32, 32]\n    - name: ToTensor");
    }

    @Test
    void mnistIdxFilesGzippedOrNotTrainAndTestSplits() throws Exception {
        for (boolean gz : List.of(false, true)) {
            Path dir = mnist(root.resolve(gz ? "mnist-gz" : "mnist"), 5, gz);
            String val = """
                    val_loader:
                      dataset:
                        name: MNIST
                        data_path: %s
                      data_transforms:
                        - name: Resize
                          size: [32, 32]
                        - name: ToTensor
                      class_label_transforms:
                        - name: ToOneHot
                          num_classes: 10
                    """.formatted(root.relativize(dir));
            ValidatedJob job = new JobValidator(root).validate("j", mnistJob(root.relativize(dir).toString(), val));
            assertEquals(5, job.dataset().train().size());
            assertEquals(2, job.dataset().val().size(), "val_loader mode defaults to val: the t10k files");
            SamplePair third = job.dataset().train().get(2);
            assertEquals(2, third.classIndex());
            TensorRecord r = decode(new SampleEncoder().encode(third, job.dataset().trainTransforms()));
            float[] img = r.require("image").toFloatArray();
            assertArrayEquals(new long[] {1, 32, 32}, r.require("image").shape());
            // nearest 4→32: pixel (0,0) is source (0,0) = 32, pixel (31,31) is source (3,3) = 32 + 15
            assertEquals(32 / 255f, img[0], 1e-6);
            assertEquals(47 / 255f, img[32 * 32 - 1], 1e-6);
            float[] label = r.require("label").toFloatArray();
            assertEquals(10, label.length);
            assertEquals(1f, label[2]);
        }
    }

    @Test
    void mnistUnderTorchvisionsRawFolder() throws Exception {
        mnist(root.resolve("tv/MNIST/raw"), 3, false);
        assertEquals(3, new JobValidator(root).validate("j", mnistJob("tv", "")).dataset().train().size());
    }

    @Test
    void missingMnistFilesSayWhatIsNeeded() throws Exception {
        Files.createDirectories(root.resolve("empty"));
        JobRejection r = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j", mnistJob("empty", "")));
        assertEquals("loader.dataset.data_path", r.path());
        assertTrue(r.getMessage().contains("train-images-idx3-ubyte"), r.getMessage());
    }

    @Test
    void idxRejectsGarbageAndTruncation() throws Exception {
        Path bad = root.resolve("bad");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThrows(IOException.class, () -> IdxFile.read(bad));
        Path shortFile = root.resolve("short");
        writeIdx(shortFile, new int[] {3, 2, 2}, new byte[5], false);
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(shortFile));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void mnistIdentityFollowsTheFilesAndTheClassTransforms() throws Exception {
        Path dir = mnist(root.resolve("m"), 4, false);
        JobValidator v = new JobValidator(root);
        String a = v.validate("j", mnistJob("m", "")).dataset().datasetId();
        assertEquals(a, v.validate("j2", mnistJob("m", "")).dataset().datasetId(), "same inputs, one ingestion");
        String other = v.validate("j", mnistJob("m", "").replace("num_classes: 10", "num_classes: 10\n    - name: ToTensor"))
                .dataset().datasetId();
        assertNotEquals(a, other);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.setLastModifiedTime(labels, FileTime.fromMillis(Files.getLastModifiedTime(labels).toMillis() + 5000));
        assertNotEquals(a, v.validate("j", mnistJob("m", "")).dataset().datasetId(), "a touched file is a new dataset");
    }

    // ---- ImgReconDataset -----------------------------------------------------------------------

    @Test
    void reconPairsImagesWithTargetsAndKeepsTargetChannels() throws Exception {
        Path ds = root.resolve("recon");
        Files.createDirectories(ds.resolve("raw"));
        Files.createDirectories(ds.resolve("target"));
        for (int i = 0; i < 3; i++) {
            TestDatasets.write(ds.resolve("raw/c" + i + ".png"), TestDatasets.gray(40, 48, i, false));
            TestDatasets.write(ds.resolve("target/c" + i + "_t.png"), TestDatasets.gray(40, 48, i + 1, false));
        }
        String yaml = TestDatasets.job("recon", "")
                .replace("name: SeM", "name: AE\n  is_supervised: true")
                .replace("  segmentation_losses:\n    - name: Dice\n", "")
                .replace("    name: ImgSegDataset\n", "    name: ImgReconDataset\n    target_suffix: _t.png\n")
                .replace("    label_dir: label\n", "");
        ValidatedJob job;
        try {
            job = new JobValidator(root).validate("j", yaml);
        } catch (JobRejection e) {
            throw new AssertionError(e.path() + ": " + e.getMessage() + "\n" + yaml, e);
        }
        SamplePair p = job.dataset().train().get(0);
        assertEquals(ds.resolve("target/c0_t.png"), p.label());
        TensorRecord r = decode(new SampleEncoder().encode(p, job.dataset().trainTransforms()));
        assertArrayEquals(r.require("image").shape(), r.require("label").shape());
        assertNotEquals(r.require("image").toFloatArray()[1], r.require("label").toFloatArray()[1]);

        Files.delete(ds.resolve("target/c1_t.png"));
        JobRejection missing = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j", yaml));
        assertEquals("loader.dataset.target_dir", missing.path());
    }

    @Test
    void supervisedTargetsMustHaveTheOutputChannels() throws Exception {
        Path ds = root.resolve("rgbtargets");
        Files.createDirectories(ds.resolve("raw"));
        Files.createDirectories(ds.resolve("target"));
        TestDatasets.write(ds.resolve("raw/a.png"), TestDatasets.gray(32, 32, 0, false));
        TestDatasets.write(ds.resolve("target/a.png"), TestDatasets.rgb(32, 32));
        String yaml = TestDatasets.job("rgbtargets", "")
                .replace("name: SeM", "name: AE\n  is_supervised: true")
                .replace("  segmentation_losses:\n    - name: Dice\n", "")
                .replace("    name: ImgSegDataset\n", "    name: ImgReconDataset\n");
        JobRejection r = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j", yaml));
        assertEquals("model.encoder.out_channel", r.path(), r.getMessage());
    }

    @Test
    void supervisedAutoEncoderNeedsTargets() {
        String yaml = TestDatasets.job("ds", "").replace("name: SeM", "name: AE\n  is_supervised: true")
                .replace("  segmentation_losses:\n    - name: Dice\n", "");
        JobRejection r = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j", yaml));
        assertEquals("loader.dataset.name", r.path(), r.getMessage());
    }
}
