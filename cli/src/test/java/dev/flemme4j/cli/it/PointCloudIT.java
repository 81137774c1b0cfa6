package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
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
 * Point clouds train through the real Kafka path: the coordinator scans a PcdDataset / PcdClsDataset of PLY files
 * written here (synthetic: noisy unit spheres and cube surfaces of 300 points, of random size and offset), samples them
 * to a fixed count with FixedPoints, normalizes and augments them, and streams {@code (N, 3)} records; the worker
 * batches them to {@code (B, N, 3)} and trains a PointNet AE with Chamfer loss and a PointNet ClM. Each job must end
 * COMPLETED with a falling mean loss per epoch (first vs last epoch, from the worker's CHECKPOINT events).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointCloudIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
    private static final int POINTS = 300;

    Pipeline p;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        p = new Pipeline(tmp);
        Random rnd = new Random(3);
        for (int i = 0; i < 48; i++) {
            boolean sphere = i % 2 == 0;
            String cls = sphere ? "sphere" : "cube";
            float[] cloud = shape(sphere, rnd);
            writePly(tmp.resolve("solids").resolve(cls).resolve(cls + "_" + i + ".ply"), cloud);
            if (sphere) {
                writeHalves(tmp.resolve("halves"), "s" + i, cloud);
            } else {
                // PcdReconDataset: a cube with a face cut away under pcd/, the whole cube as its target
                writePly(tmp.resolve("completion").resolve("pcd").resolve("c" + i + ".ply"), withoutTop(cloud));
                writePly(tmp.resolve("completion").resolve("target").resolve("c" + i + ".ply"), cloud);
            }
        }
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
              lr: 0.002
            max_epoch: 3
            save_after_epochs: 1
            rand_seed: 5
            """;

    /**
     * The AE is also exported and served: a cloud posted as a tensor record {@code input (1, 128, 3)} to
     * {@code /reconstruct} comes back as {@code recon (1, 128, 3)}, equal to the DJL model of the last checkpoint
     * within 1e-4.
     */
    @Test
    void pointNetAutoEncoderWithChamferOnPcdDataset() throws Exception {
        String yaml = AE_JOB + COMMON;
        JobState done = run("pcd-ae", yaml, "reconstruct");
        long deadline = System.currentTimeMillis() + 60_000;
        while (!p.serving.registry().isLoaded("pcd-ae") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.serving.registry().isLoaded("pcd-ae"), "serving loaded pcd-ae");
        float[] cloud = java.util.Arrays.copyOf(shape(true, new Random(11)), 128 * 3);
        float[] djl;
        Path params = Path.of(done.artifacts()).resolve("checkpoints/ckp_last/model.params");
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(TrainJobSpec.parse(yaml).modelNode()));
                InputStream in = Files.newInputStream(params);
                NDManager m = model.djlModel().getNDManager().newSubManager()) {
            model.block().loadParameters(model.djlModel().getNDManager(), new DataInputStream(in));
            djl = model.predict(m.create(cloud, new Shape(1, 128, 3))).toFloatArray();
        }
        byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(
                NamedTensor.ofFloats("input", new long[] {1, 128, 3}, cloud)));
        HttpResponse<byte[]> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + p.serving.port() + "/v1/models/pcd-ae/reconstruct"))
                .header("Content-Type", TensorRecordCodec.MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
        NamedTensor recon = TensorRecordCodec.standard().decode(resp.body()).require("recon");
        assertArrayEquals(new long[] {1, 128, 3}, recon.shape());
        float[] ort = recon.toFloatArray();
        double maxDiff = 0;
        for (int i = 0; i < ort.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ort[i] - djl[i]));
        }
        System.out.println("pcd-ae: served reconstruction, max |DJL - ORT| = " + maxDiff);
        assertTrue(maxDiff <= 1e-4, "max |DJL - ORT| = " + maxDiff);
    }

    private static final String AE_JOB = """
                mode: train
                model:
                  name: AE
                  encoder: {name: PointNet, in_channel: 3, point_num: 128, building_block: dense,
                            local_feature_channels: [16, 32], dense_channels: [32], normalization: layer}
                  reconstruction_losses: [{name: CD}]
                loader:
                  dataset: {name: PcdDataset}
                  data_path_list: [solids/sphere, solids/cube]
                  batch_size: 4
                  data_transforms:
                    - {name: Normalize}
                    - {name: FixedPoints, num: 128}
                    - {name: RandomRotate, degrees: 30, axis: 2}
                    - {name: RandomScale, scales: [0.9, 1.1]}
                    - {name: AddNoise, std: 0.005}
                    - {name: ShufflePoints}
                val_split_ratio: 0.17
                """;

    @Test
    void pointNetClassifierOnPcdClsDataset() throws Exception {
        JobState done = run("pcd-clm", """
                mode: train
                model:
                  name: ClM
                  encoder: {name: PointNet, in_channel: 3, out_channel: 2, point_num: 128, building_block: dense,
                            local_feature_channels: [16, 32], dense_channels: [32]}
                  classification_losses: [{name: CE}]
                loader:
                  dataset: {name: PcdClsDataset, data_path: solids, cls_label: {sphere: 0, cube: 1}}
                  batch_size: 4
                  data_transforms: [{name: FixedPoints, num: 128}, {name: Normalize}, {name: ShufflePoints}]
                  class_label_transforms: [{name: ToOneHot, num_classes: 2}]
                score_metric: {name: ACC}
                val_split_ratio: 0.17
                evaluation_metrics:
                  cls: [{name: ACC}]
                """ + COMMON.replace("max_epoch: 3", "max_epoch: 10"), "classify");
        // spheres and cubes differ plainly after Normalize: the classifier must beat chance on held-out clouds
        assertTrue(done.metrics().get("ACC") >= 0.75, done.metrics().toString());
    }

    /** A supervised AE (point-cloud completion) on a PcdReconDataset: partial clouds in, whole clouds as targets. */
    @Test
    void supervisedAutoEncoderOnPcdReconDataset() throws Exception {
        JobState done = run("pcd-completion", """
                mode: train
                model:
                  name: AE
                  is_supervised: true
                  encoder: {name: PointNet, in_channel: 3, point_num: 128, building_block: dense,
                            local_feature_channels: [16, 32], dense_channels: [32], normalization: layer}
                  reconstruction_losses: [{name: CD}]
                loader:
                  dataset: {name: PcdReconDataset, data_path: completion}
                  batch_size: 4
                  data_transforms: [{name: FixedPoints, num: 128}]
                  target_transforms: [{name: FixedPoints, num: 128}]
                val_split_ratio: 0.17
                evaluation_metrics:
                  recon: [{name: MSE}, {name: CD}, {name: EMD}]
                """ + COMMON, "reconstruct");
        Double cd = done.metrics().get("CD");
        Double emd = done.metrics().get("EMD");
        assertTrue(cd != null && emd != null && cd > 0, done.metrics().toString());
        // a one-to-one matching cannot beat the nearest neighbour in either direction
        assertTrue(emd >= cd - 1e-6, done.metrics().toString());
    }

    /** A cloud that cannot be read is a REJECTED job naming the file and what is wrong; the coordinator goes on. */
    @Test
    void aBrokenCloudIsRejectedNamingTheFile() throws Exception {
        Path dir = p.root.resolve("broken");
        writePly(dir.resolve("a.ply"), shape(true, new Random(1)));
        Files.writeString(dir.resolve("b.ply"), "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nend_header\n1\n2\n3\n");
        JobState done = p.submitAndWait(AE_JOB.replace("data_path_list: [solids/sphere, solids/cube]", "data_path_list: [broken]")
                + COMMON + "job:\n  name: pcd-broken\n", JOB_TIMEOUT);
        assertNotNull(done);
        assertEquals(JobStatus.REJECTED, done.state(), () -> Json.text(done));
        assertEquals("loader.dataset.data_path", done.error().path(), () -> Json.text(done));
        assertTrue(done.error().message().contains("b.ply") && done.error().message().contains("'y'"),
                done.error().message());
    }

    /**
     * SeM over a point-wise PointNet on a PcdSegDataset: each sphere's points labelled 1 above its centre, 0 below
     * (labels in .seg files); FixedPoints and ShufflePoints draw the same rows for cloud and labels.
     */
    @Test
    void pointNetSegmentationOnPcdSegDataset() throws Exception {
        JobState done = run("pcd-sem", """
                mode: train
                model:
                  name: SeM
                  encoder: {name: PointNet, in_channel: 3, out_channel: 1, point_num: 128, building_block: dense,
                            local_feature_channels: [16, 32], dense_channels: [32], decoder_dense_channels: [16],
                            final_channels: [16], vector_embedding: false}
                  segmentation_losses: [{name: BCEL}]
                loader:
                  dataset: {name: PcdSegDataset, data_path: halves}
                  batch_size: 4
                  data_transforms: [{name: FixedPoints, num: 128}, {name: ShufflePoints}]
                val_split_ratio: 0.17
                """ + COMMON, "segment");
        // scored channels first although the model answers (B, N, 1): a label-order mix-up would sit near 0.5
        assertTrue(done.metrics().get("Dice") > 0.75, done.metrics().toString());
    }

    private JobState run(String name, String yaml, String task) throws Exception {
        JobState done = p.submitAndWait(yaml + "job:\n  name: " + name + "\n", JOB_TIMEOUT);
        assertNotNull(done, name + ": no final state within the timeout");
        assertEquals(JobStatus.COMPLETED, done.state(), () -> name + " ended " + Json.text(done));
        TreeMap<Integer, Double> losses = epochLosses(done.id());
        System.out.println(name + ": mean loss per epoch " + losses + ", metrics " + done.metrics());
        int epochs = Integer.parseInt(yaml.replaceAll("(?s).*max_epoch: (\\d+).*", "$1"));
        assertEquals(epochs, losses.size(), name + ": one CHECKPOINT per epoch, got " + losses);
        double first = losses.firstEntry().getValue();
        double last = losses.lastEntry().getValue();
        assertTrue(Double.isFinite(first) && last < first, name + ": mean loss per epoch " + losses);
        JsonNode manifest = Json.mapper().readTree(Path.of(done.artifacts()).resolve("model/manifest.json").toFile());
        assertEquals(task, manifest.get("task").asText(), manifest.toString());
        return done;
    }

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

    /** Points on a sphere's or a cube's surface, radius / half-side in [0.5, 1.5), offset, with noise. */
    private static float[] shape(boolean sphere, Random rnd) {
        double size = 0.5 + rnd.nextDouble();
        double[] offset = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        float[] v = new float[POINTS * 3];
        for (int i = 0; i < POINTS; i++) {
            double[] q = new double[3];
            if (sphere) {
                double n = 0;
                for (int k = 0; k < 3; k++) {
                    q[k] = rnd.nextGaussian();
                    n += q[k] * q[k];
                }
                for (int k = 0; k < 3; k++) {
                    q[k] /= Math.sqrt(n);
                }
            } else {
                int face = rnd.nextInt(3);
                for (int k = 0; k < 3; k++) {
                    q[k] = k == face ? (rnd.nextBoolean() ? 1 : -1) : 2 * rnd.nextDouble() - 1;
                }
            }
            for (int k = 0; k < 3; k++) {
                v[i * 3 + k] = (float) (offset[k] + size * q[k] + 0.01 * rnd.nextGaussian());
            }
        }
        return v;
    }

    /** The rows of a cloud below 80% of its highest z: a cube missing its top face region. */
    private static float[] withoutTop(float[] v) {
        double top = Double.NEGATIVE_INFINITY;
        double bottom = Double.POSITIVE_INFINITY;
        for (int i = 2; i < v.length; i += 3) {
            top = Math.max(top, v[i]);
            bottom = Math.min(bottom, v[i]);
        }
        double cut = bottom + 0.8 * (top - bottom);
        java.util.List<Float> kept = new java.util.ArrayList<>();
        for (int i = 0; i < v.length; i += 3) {
            if (v[i + 2] < cut) {
                kept.add(v[i]);
                kept.add(v[i + 1]);
                kept.add(v[i + 2]);
            }
        }
        float[] out = new float[kept.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = kept.get(i);
        }
        return out;
    }

    /** A cloud under {@code pcd/} and its per-point labels under {@code label/}: 1 where z is above the mean z. */
    private static void writeHalves(Path dir, String name, float[] v) throws IOException {
        writePly(dir.resolve("pcd").resolve(name + ".ply"), v);
        double mean = 0;
        for (int i = 2; i < v.length; i += 3) {
            mean += v[i] / POINTS;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 2; i < v.length; i += 3) {
            b.append(v[i] > mean ? "1\n" : "0\n");
        }
        Files.createDirectories(dir.resolve("label"));
        Files.writeString(dir.resolve("label").resolve(name + ".seg"), b);
    }

    private static void writePly(Path file, float[] v) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder("ply\nformat ascii 1.0\nelement vertex " + v.length / 3
                + "\nproperty float x\nproperty float y\nproperty float z\nend_header\n");
        for (int i = 0; i < v.length; i += 3) {
            b.append(String.format(Locale.ROOT, "%.5f %.5f %.5f%n", v[i], v[i + 1], v[i + 2]));
        }
        Files.writeString(file, b, StandardCharsets.US_ASCII);
    }
}
