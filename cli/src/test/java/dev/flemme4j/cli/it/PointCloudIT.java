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
        for (int i = 0; i < 24; i++) {
            boolean sphere = i % 2 == 0;
            String cls = sphere ? "sphere" : "cube";
            writePly(tmp.resolve("solids").resolve(cls).resolve(cls + "_" + i + ".ply"), shape(sphere, rnd));
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

    @Test
    void pointNetAutoEncoderWithChamferOnPcdDataset() throws Exception {
        JobState done = run("pcd-ae", """
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
                """ + COMMON, "reconstruct");
        assertNotNull(done.artifacts());
    }

    @Test
    void pointNetClassifierOnPcdClsDataset() throws Exception {
        run("pcd-clm", """
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
                val_split_ratio: 0.17
                evaluation_metrics:
                  cls: [{name: ACC}]
                """ + COMMON, "classify");
    }

    private JobState run(String name, String yaml, String task) throws Exception {
        JobState done = p.submitAndWait(yaml + "job:\n  name: " + name + "\n", JOB_TIMEOUT);
        assertNotNull(done, name + ": no final state within the timeout");
        assertEquals(JobStatus.COMPLETED, done.state(), () -> name + " ended " + Json.text(done));
        TreeMap<Integer, Double> losses = epochLosses(done.id());
        System.out.println(name + ": mean loss per epoch " + losses + ", metrics " + done.metrics());
        assertEquals(3, losses.size(), name + ": one CHECKPOINT per epoch, got " + losses);
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
