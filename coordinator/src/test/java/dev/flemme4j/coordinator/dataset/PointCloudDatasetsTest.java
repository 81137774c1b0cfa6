package dev.flemme4j.coordinator.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.JobValidator;
import dev.flemme4j.coordinator.job.ValidatedJob;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PcdDataset, PcdClsDataset, PcdSegDataset and PcdReconDataset: scanning, shape checks, records, bad files. */
class PointCloudDatasetsTest {
    @TempDir
    Path root;

    private static final String AE = """
            model:
              name: AE
              encoder: {name: PointNet, in_channel: 3, point_num: 16, building_block: dense,
                        local_feature_channels: [8, 8], dense_channels: [8]}
              reconstruction_losses: [{name: CD}]
            """;

    /** {@code n} points of row {@code i} = (i, 2i + k, -i): distinct rows, so a record's rows can be traced back. */
    static void writePly(Path file, int n, int k) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder("ply\nformat ascii 1.0\nelement vertex " + n
                + "\nproperty float x\nproperty float y\nproperty float z\nend_header\n");
        for (int i = 0; i < n; i++) {
            b.append(String.format(Locale.ROOT, "%d %d %d%n", i, 2 * i + k, -i));
        }
        Files.writeString(file, b);
    }

    private static String job(String model, String loader) {
        return "mode: train\n" + model + "loader:\n" + loader + "optimizer: {name: Adam, lr: 0.001}\nmax_epoch: 1\nrand_seed: 3\n";
    }

    private static TensorRecord decode(byte[] b) {
        return TensorRecordCodec.standard().decode(b);
    }

    @Test
    void aFolderOfCloudsBecomesFixedSizeRecordsThatAreTheirOwnTarget() throws Exception {
        for (int i = 0; i < 4; i++) {
            writePly(root.resolve("clouds").resolve("c" + i + ".ply"), 10 + 10 * i, i);
        }
        Files.writeString(root.resolve("clouds").resolve("notes.txt"), "not a cloud");
        ValidatedJob job = new JobValidator(root).validate("j", job(AE, """
                  dataset: {name: PcdDataset, data_path: clouds}
                  batch_size: 2
                  data_transforms: [{name: FixedPoints, num: 16}, {name: RandomRotate, degrees: 10}]
                val_split_ratio: 0.25
                """));
        assertEquals(3, job.dataset().train().size());
        assertEquals(1, job.dataset().val().size());
        SamplePair first = job.dataset().train().get(0);
        TensorRecord r = decode(new SampleEncoder().encode(first, job.dataset().trainTransforms()));
        assertArrayEquals(new long[] {16, 3}, r.require("image").shape(), "channels last: (point_num, 3)");
        assertArrayEquals(r.require("image").toFloatArray(), r.require("label").toFloatArray(), 0f);
        TensorRecord again = decode(new SampleEncoder().encode(first, job.dataset().trainTransforms()));
        assertArrayEquals(r.require("image").toFloatArray(), again.require("image").toFloatArray(), 0f,
                "the draws are fixed by the job seed and the file");
        TensorRecord val = decode(new SampleEncoder().encode(job.dataset().val().get(0), job.dataset().valTransforms()));
        assertArrayEquals(new long[] {16, 3}, val.require("image").shape(), "FixedPoints also runs on validation samples");
    }

    @Test
    void shapesAreCheckedAgainstPointNumAndInChannel() throws Exception {
        writePly(root.resolve("clouds").resolve("a.ply"), 20, 0);
        JobValidator v = new JobValidator(root);
        JobRejection noFixed = assertThrows(JobRejection.class, () -> v.validate("j", job(AE,
                "  dataset: {name: PcdDataset, data_path: clouds}\n")));
        assertEquals("model.encoder.point_num", noFixed.path(), noFixed.getMessage());
        assertTrue(noFixed.getMessage().contains("FixedPoints"), noFixed.getMessage());
        JobRejection wrongNum = assertThrows(JobRejection.class, () -> v.validate("j", job(AE,
                "  dataset: {name: PcdDataset, data_path: clouds}\n  data_transforms: [{name: FixedPoints, num: 12}]\n")));
        assertEquals("loader.data_transforms[0].num", wrongNum.path(), wrongNum.getMessage());
        JobRejection channels = assertThrows(JobRejection.class, () -> v.validate("j", job(AE.replace("in_channel: 3",
                "in_channel: 4, out_channel: 4"), "  dataset: {name: PcdDataset, data_path: clouds}\n  data_transforms: [{name: FixedPoints, num: 16}]\n")));
        assertEquals("model.encoder.in_channel", channels.path(), channels.getMessage());
        JobRejection image = assertThrows(JobRejection.class, () -> v.validate("j", job("""
                model:
                  name: AE
                  encoder: {name: CNN, image_size: [8, 8], in_channel: 1, down_channels: [8], middle_channels: [8]}
                """, "  dataset: {name: PcdDataset, data_path: clouds}\n")));
        assertEquals("loader.dataset.name", image.path(), image.getMessage());
    }

    @Test
    void badFilesAreRejectedNamingTheFile() throws Exception {
        writePly(root.resolve("clouds").resolve("a.ply"), 20, 0);
        Files.writeString(root.resolve("clouds").resolve("b.ply"), "ply\nformat ascii 1.0\nelement face 3\nend_header\n");
        JobRejection e = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j", job(AE,
                "  dataset: {name: PcdDataset, data_path: clouds}\n  data_transforms: [{name: FixedPoints, num: 16}]\n")));
        assertEquals("loader.dataset.data_path", e.path());
        assertTrue(e.getMessage().contains("b.ply") && e.getMessage().contains("vertex"), e.getMessage());
        JobRejection outside = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j", job(AE,
                "  dataset: {name: PcdDataset, data_path: ../elsewhere}\n")));
        assertNotEquals(-1, outside.getMessage().indexOf("data root"), outside.getMessage());
    }

    @Test
    void classFoldersAndPerPointLabels() throws Exception {
        for (int i = 0; i < 3; i++) {
            writePly(root.resolve("cls").resolve("a").resolve("x" + i + ".ply"), 20, i);
            writePly(root.resolve("cls").resolve("b").resolve("y" + i + ".ply"), 20, i);
        }
        ValidatedJob clm = new JobValidator(root).validate("j", job("""
                model:
                  name: ClM
                  encoder: {name: PointNet, in_channel: 3, out_channel: 2, point_num: 16, building_block: dense,
                            local_feature_channels: [8, 8], dense_channels: [8]}
                  classification_losses: [{name: CE}]
                """, """
                  dataset: {name: PcdClsDataset, data_path: cls, cls_label: {a: 0, b: 1}}
                  data_transforms: [{name: FixedPoints, num: 16}]
                  class_label_transforms: [{name: ToOneHot, num_classes: 2}]
                """));
        SamplePair b = clm.dataset().train().stream().filter(p -> p.classIndex() == 1).findFirst().orElseThrow();
        assertArrayEquals(new float[] {0, 1}, decode(new SampleEncoder().encode(b, clm.dataset().trainTransforms()))
                .require("label").toFloatArray());

        // PcdSegDataset: pcd/*.ply with label/*.seg, one label per point; the label here is the row's x
        for (int i = 0; i < 2; i++) {
            writePly(root.resolve("seg").resolve("pcd").resolve("s" + i + ".ply"), 20, i);
            StringBuilder l = new StringBuilder();
            for (int k = 0; k < 20; k++) {
                l.append(k).append('\n');
            }
            Files.createDirectories(root.resolve("seg").resolve("label"));
            Files.writeString(root.resolve("seg").resolve("label").resolve("s" + i + ".seg"), l);
        }
        String sem = """
                model:
                  name: SeM
                  encoder: {name: PointNet, in_channel: 3, out_channel: 1, point_num: 16, building_block: dense,
                            local_feature_channels: [8, 8], dense_channels: [8], vector_embedding: false}
                  segmentation_losses: [{name: BCEL}]
                """;
        ValidatedJob seg = new JobValidator(root).validate("j", job(sem, """
                  dataset: {name: PcdSegDataset, data_path: seg}
                  data_transforms: [{name: FixedPoints, num: 16}, {name: ShufflePoints}, {name: RandomRotate, degrees: 40}]
                """));
        TensorRecord r = decode(new SampleEncoder().encode(seg.dataset().train().get(0), seg.dataset().trainTransforms()));
        float[] points = r.require("image").toFloatArray();
        float[] labels = r.require("label").toFloatArray();
        assertArrayEquals(new long[] {16, 1}, r.require("label").shape());
        for (int k = 0; k < 16; k++) {
            // the rotation about x keeps x: the label still equals its point's x
            assertEquals(points[k * 3], labels[k], 1e-4f, "row " + k + ": the label follows its point through the draws");
        }
        JobRejection fps = assertThrows(JobRejection.class, () -> new JobValidator(root).validate("j", job(sem, """
                  dataset: {name: PcdSegDataset, data_path: seg}
                  data_transforms: [{name: FixedPoints, num: 16, method: fps}]
                """)));
        assertEquals("loader.data_transforms[0].method", fps.path(), fps.getMessage());
        Files.writeString(root.resolve("seg").resolve("label").resolve("s1.seg"), "1\n2\n");
        ValidatedJob broken = new JobValidator(root).validate("j", job(sem, """
                  dataset: {name: PcdSegDataset, data_path: seg}
                  data_transforms: [{name: FixedPoints, num: 16}]
                """));
        SamplePair s1 = broken.dataset().train().stream().filter(p -> p.image().toString().endsWith("s1.ply"))
                .findFirst().orElseThrow();
        JobRejection e = assertThrows(JobRejection.class, () -> new SampleEncoder().encode(s1, broken.dataset().trainTransforms()));
        assertTrue(e.getMessage().contains("s1.seg") && e.getMessage().contains("2 rows"), e.getMessage());
        assertEquals("loader.dataset.label_dir", e.path());
    }

    @Test
    void reconstructionTargetsGoThroughTheirOwnTransforms() throws Exception {
        writePly(root.resolve("rec").resolve("pcd").resolve("a.ply"), 20, 0);
        writePly(root.resolve("rec").resolve("target").resolve("a.ply"), 40, 1);
        ValidatedJob job = new JobValidator(root).validate("j", job(AE, """
                  dataset: {name: PcdReconDataset, data_path: rec}
                  data_transforms: [{name: FixedPoints, num: 16}]
                  target_transforms: [{name: FixedPoints, num: 32}]
                """));
        TensorRecord r = decode(new SampleEncoder().encode(job.dataset().train().get(0), job.dataset().trainTransforms()));
        assertArrayEquals(new long[] {16, 3}, r.require("image").shape());
        assertArrayEquals(new long[] {32, 3}, r.require("label").shape());
    }
}
