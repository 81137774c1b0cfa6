package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.architecture.LatentDiffusionNetwork;
import dev.flemme4j.protocol.spec.TrainJobSpec;
import java.io.DataInputStream;
import java.io.InputStream;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.protocol.pointcloud.PlyWriter;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.pointcloud.PointCloudReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * Latent diffusion through the real Kafka path, then sampled from serving: an LDIM over a frozen VAE that an earlier
 * job of the same cluster trained (referenced by its job id in {@code ae_path}) on a tiny synthetic MNIST, sampled as
 * a PNG grid; and {@code configs/ldpm-pointnet-small.yaml} (the seed's LDPM example at small size: PointNet VAE with
 * EMD + KL trained jointly, PointWise eps-model on its vector latent) on synthetic PLY clouds, sampled as PLY. Each
 * diffusion job must end COMPLETED with a falling mean loss per epoch (worker CHECKPOINT events).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatentDiffusionIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Path CONFIGS = Path.of("").toAbsolutePath().getParent().resolve("configs");

    Pipeline p;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        p = new Pipeline(tmp);
        writeMnist(tmp.resolve("mnist"));
        Random rnd = new Random(3);
        for (int i = 0; i < 40; i++) {
            Files.createDirectories(tmp.resolve("clouds"));
            Files.writeString(tmp.resolve("clouds").resolve("s" + i + ".ply"), PlyWriter.ascii(sphere(rnd, 200)),
                    StandardCharsets.US_ASCII);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (p != null) {
            p.close();
        }
    }

    private static final String MNIST_LOADER = """
            loader:
              dataset: {name: MNIST, data_path: mnist}
              batch_size: 8
              data_transforms: [{name: Resize, size: [32, 32]}, {name: ToTensor}]
            optimizer:
              name: Adam
              lr: 0.002
            save_after_epochs: 1
            rand_seed: 5
            """;

    private static final String VAE = """
              name: VAE
              encoder: {name: CNN, image_size: [32, 32], in_channel: 1, out_channel: 1, patch_channel: 8, patch_size: 2,
                        down_channels: [8], middle_channels: [4], building_block: single, normalization: batch}
              reconstruction_losses: [{name: MSE}]
              distribution_loss: {name: KL, weight: 0.001}
            """;

    @Test
    void ldimOverAFrozenVaeOfAnEarlierJobSamplesPng() throws Exception {
        JobState vae = p.submitAndWait("mode: train\nmodel:\n" + VAE + MNIST_LOADER
                + "max_epoch: 2\njob:\n  name: latent-vae\n", JOB_TIMEOUT);
        assertNotNull(vae, "the VAE job ended within the timeout");
        assertEquals(JobStatus.COMPLETED, vae.state(), () -> Json.text(vae));

        String ldim = """
                mode: train
                model:
                  name: LDIM
                  num_steps: 100
                  num_sample_steps: 10
                  beta_schedule: cosine
                  freezed_ae: true
                  ae_path: %s
                  ae_model:
                %s
                  eps_model:
                    time_channel: 32
                    encoder: {name: UNet, image_size: [8, 8], in_channel: 4, out_channel: 4, patch_size: 1,
                              down_channels: [8, 16], middle_channels: [32, 32], building_block: res, activation: silu,
                              normalization: group, num_norm_groups: 4}
                """.formatted(vae.id(), VAE.indent(2).stripTrailing()) + MNIST_LOADER + "max_epoch: 3\njob:\n  name: latent-ldim\n";
        JobState done = trained("latent-ldim", p.submitAndWait(ldim, JOB_TIMEOUT));
        JsonNode manifest = manifest(done);
        JsonNode decoder = manifest.get("latent_decoder");
        assertEquals("[4,8,8]", decoder.get("latent_shape").toString(), manifest.toString());
        assertEquals("[1,32,32]", decoder.get("output_shape").toString(), manifest.toString());
        assertEquals("[4,8,8]", manifest.get("diffusion").get("sample_shape").toString(), manifest.toString());

        // ae_path loaded the VAE job's weights and freezed_ae kept them (running statistics included) through training
        try (FlemmeModel trainedVae = load("mode: train\nmodel:\n" + VAE + MNIST_LOADER, vae);
                FlemmeModel trainedLdim = load(ldim, done)) {
            var expected = trainedVae.block().getParameters();
            var got = ((LatentDiffusionNetwork) trainedLdim.block()).autoencoder().getParameters();
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).getValue().getArray().toFloatArray(),
                        got.get(i).getValue().getArray().toFloatArray(), expected.get(i).getKey());
            }
        }

        HttpResponse<byte[]> resp = sample("latent-ldim", "{\"n\": 4, \"steps\": 5, \"seed\": 3}");
        assertEquals("image/png", resp.headers().firstValue("Content-Type").orElse(""));
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(resp.body()));
        // 4 decoded 32x32 samples tile 2 x 2 with a 2-pixel gap
        assertEquals(2 * 32 + 2, grid.getWidth(), "grid width");
        assertEquals(2 * 32 + 2, grid.getHeight(), "grid height");

        // a reference outside the artifact root is refused at submission, naming the key
        JobState outside = p.submitAndWait(ldim.replace("ae_path: " + vae.id(), "ae_path: ../../etc")
                .replace("name: latent-ldim", "name: latent-outside"), Duration.ofSeconds(60));
        assertNotNull(outside);
        assertEquals(JobStatus.REJECTED, outside.state(), () -> Json.text(outside));
        assertTrue(Json.text(outside).contains("model.ae_path"), () -> Json.text(outside));
    }

    @Test
    void smallSeedLdpmTrainsAndSamplesPly() throws Exception {
        String yaml = Files.readString(CONFIGS.resolve("ldpm-pointnet-small.yaml"), StandardCharsets.UTF_8)
                + "job:\n  name: latent-ldpm\n";
        JobState done = trained("latent-ldpm", p.submitAndWait(yaml, JOB_TIMEOUT));
        JsonNode manifest = manifest(done);
        assertEquals("PCD", manifest.get("latent_decoder").get("data_form").asText(), manifest.toString());
        assertEquals("[64,3]", manifest.get("latent_decoder").get("output_shape").toString(), manifest.toString());

        HttpResponse<byte[]> resp = sample("latent-ldpm", "{\"n\": 3, \"steps\": 20, \"seed\": 1, \"format\": \"ply\"}");
        assertEquals("application/json", resp.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = Json.mapper().readTree(resp.body());
        assertEquals(3, body.get("samples").size(), body.toString());
        Path dir = Files.createTempDirectory("ldpm-samples");
        for (int i = 0; i < 3; i++) {
            Path f = dir.resolve("s" + i + ".ply");
            Files.writeString(f, body.get("samples").get(i).asText(), StandardCharsets.US_ASCII);
            PointCloud cloud = PointCloudReader.read(f);
            assertEquals(64, cloud.points(), "points of sample " + i);
            for (float v : cloud.values()) {
                assertTrue(Float.isFinite(v), "sample " + i + " has a non-finite coordinate");
            }
        }
        // PLY is the default format of a point-cloud model; png is refused naming the field
        assertEquals(200, sample("latent-ldpm", "{\"n\": 1, \"steps\": 2}").statusCode());
        HttpResponse<byte[]> png = send("latent-ldpm", "{\"n\": 1, \"steps\": 2, \"format\": \"png\"}");
        assertEquals(400, png.statusCode());
        assertTrue(new String(png.body(), StandardCharsets.UTF_8).contains("format"));
    }

    private JobState trained(String name, JobState done) {
        assertNotNull(done, name + ": no final state within the timeout");
        assertEquals(JobStatus.COMPLETED, done.state(), () -> name + " ended " + Json.text(done));
        TreeMap<Integer, Double> losses = epochLosses(done.id());
        assertEquals(3, losses.size(), name + ": one CHECKPOINT per epoch, got " + losses);
        System.out.println(name + ": mean training loss per epoch " + losses);
        assertTrue(Double.isFinite(losses.firstEntry().getValue())
                && losses.lastEntry().getValue() < losses.firstEntry().getValue(), name + ": mean loss per epoch " + losses);
        return done;
    }

    /** The model of {@code yaml} with the parameters of {@code job}'s last checkpoint. */
    private static FlemmeModel load(String yaml, JobState job) throws IOException, ai.djl.MalformedModelException {
        FlemmeModel model = ModelFactory.create(ModelSpecs.parse(TrainJobSpec.parse(yaml).modelNode()));
        try (InputStream in = Files.newInputStream(Path.of(job.artifacts()).resolve("checkpoints/ckp_last/model.params"))) {
            model.block().loadParameters(model.djlModel().getNDManager(), new DataInputStream(in));
        }
        return model;
    }

    private static JsonNode manifest(JobState done) throws IOException {
        JsonNode m = Json.mapper().readTree(Path.of(done.artifacts()).resolve("model/manifest.json").toFile());
        assertEquals("sample", m.get("task").asText(), m.toString());
        assertTrue(Files.exists(Path.of(done.artifacts()).resolve("model").resolve(m.get("latent_decoder").get("onnx_file").asText())));
        return m;
    }

    private HttpResponse<byte[]> sample(String model, String json) throws Exception {
        HttpResponse<byte[]> resp = send(model, json);
        assertEquals(200, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
        return resp;
    }

    private HttpResponse<byte[]> send(String model, String json) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!p.serving.registry().isLoaded(model) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.serving.registry().isLoaded(model), "serving loaded " + model);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + p.serving.port() + "/v1/models/" + model + "/sample"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
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

    /** A noisy sphere of random radius and centre. */
    private static PointCloud sphere(Random rnd, int points) {
        double r = 0.5 + rnd.nextDouble();
        double[] o = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        float[] v = new float[points * 3];
        for (int i = 0; i < points; i++) {
            double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
            for (int k = 0; k < 3; k++) {
                v[i * 3 + k] = (float) (o[k] + r * q[k] / n + 0.01 * rnd.nextGaussian());
            }
        }
        return new PointCloud(v, points, 3);
    }

    /** A tiny MNIST in the IDX format: 4 classes, each a bright square in its own quadrant, with noise. */
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
                        px[i * 784 + y * 28 + x] = (byte) (on ? 200 + rnd.nextInt(56) : rnd.nextInt(30));
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
}
