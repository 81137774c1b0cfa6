package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.job.DatasetIngestion;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton on real parts: jobs go in through Kafka, come out as served ONNX models, and bad input
 * of every kind ends as a clear state while the platform keeps working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);

    Pipeline p;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        p = new Pipeline(tmp);
    }

    @AfterAll
    void stop() throws Exception {
        if (p != null) {
            p.close();
        }
    }

    @Test
    @Order(1)
    void completedJobIsServedAndServingMatchesTheDjlModel() throws Exception {
        String yaml = Pipeline.job("parity", "", "shapes");
        JobState done = p.submitAndWait(yaml, JOB_TIMEOUT);
        assertNotNull(done, "no job state within the timeout");
        assertEquals(JobStatus.COMPLETED, done.state(), () -> "job ended " + Json.text(done));
        assertTrue(done.metrics().containsKey("Dice"), "validation metrics reported: " + done.metrics());
        waitUntilServed("parity");

        // The DJL model as the worker last checkpointed it (the export is taken from the same weights).
        Path params = Path.of(done.artifacts()).resolve("checkpoints/ckp_last/model.params");
        byte[] png = Files.readAllBytes(p.data.resolve("test/images/0000.png"));
        FloatImage img = FloatImage.fromImage(ImageCodec.standard().decode(png), 1 / 255.0);
        float[] djl;
        try (FlemmeModel model = ModelFactory.create(ModelSpecs.parse(TrainJobSpec.parse(yaml).modelNode()));
                InputStream in = Files.newInputStream(params);
                NDManager m = model.djlModel().getNDManager().newSubManager()) {
            model.block().loadParameters(model.djlModel().getNDManager(), new DataInputStream(in));
            NDArray x = m.create(img.data(), new Shape(1, 1, Pipeline.IMAGE, Pipeline.IMAGE));
            djl = model.predict(x).toFloatArray();
        }
        byte[] request = TensorRecordCodec.standard().encode(TensorRecord.of(
                NamedTensor.ofFloats("input", new long[] {1, 1, Pipeline.IMAGE, Pipeline.IMAGE}, img.data())));
        HttpResponse<byte[]> resp = post("/v1/models/parity/segment", TensorRecordCodec.MEDIA_TYPE, request);
        assertEquals(200, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
        float[] ort = TensorRecordCodec.standard().decode(resp.body()).require("seg_logits").toFloatArray();
        assertEquals(djl.length, ort.length);
        double maxDiff = 0;
        for (int i = 0; i < djl.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[i] - ort[i]));
        }
        assertTrue(maxDiff <= 1e-4, "max |DJL - ORT| = " + maxDiff);
        // Not a trivially constant output: the logits must actually separate shapes from background.
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : ort) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(max - min > 1, "logit range " + min + ".." + max);
    }

    @Test
    @Order(2)
    void badJobsAreRejectedWithTheYamlPathAndTheCoordinatorGoesOn() throws Exception {
        String good = Pipeline.job("after-bad-input", "", "shapes");
        record Case(String what, String yaml, String path) {
        }
        List<Case> cases = List.of(
                new Case("malformed YAML", "mode: train\nmodel: [unclosed\n  name: SeM", ""),
                new Case("unknown model name", good.replace("name: SeM", "name: SeMM"), "model.name"),
                new Case("unknown encoder key", good.replace("patch_size: 2", "patch_size: 2\n    down_chanels: [16, 32]"),
                        "model.encoder.down_chanels"),
                new Case("missing data folder", good.replace("data_path: shapes", "data_path: no-such-folder"),
                        "loader.dataset.data_path"),
                new Case("image_size not divisible", good.replace("image_size: [32, 32]", "image_size: [30, 30]"),
                        "model.encoder.image_size"));
        for (Case c : cases) {
            JobState s = p.submitAndWait(c.yaml(), Duration.ofMinutes(1));
            assertNotNull(s, c.what() + ": no state");
            assertEquals(JobStatus.REJECTED, s.state(), c.what() + ": " + Json.text(s));
            assertNotNull(s.error(), c.what());
            assertEquals(c.path(), s.error().path(), c.what() + ": " + s.error().message());
            assertTrue(s.error().message().length() > 10, c.what() + ": message too terse: " + s.error().message());
        }
        JobState after = p.submitAndWait(good, JOB_TIMEOUT);
        assertEquals(JobStatus.COMPLETED, after.state(), () -> "a valid job after bad ones: " + Json.text(after));
    }

    @Test
    @Order(3)
    void garbledRecordOnADataTopicIsSkippedCountedAndTrainingCompletes() throws Exception {
        String trainTopic = anyIngestedTrainTopic();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrap());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(trainTopic, "garbage", "FLTR but not really".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(trainTopic, "random", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})).get();
        }
        JobState s = p.submitAndWait(Pipeline.job("garbled", "", "shapes"), JOB_TIMEOUT);
        assertEquals(JobStatus.COMPLETED, s.state(), () -> Json.text(s));
        Double skipped = s.metrics().get("skipped_records");
        assertNotNull(skipped, "skipped records are reported: " + s.metrics());
        assertTrue(skipped >= 2, "both garbled records counted (once per epoch or more): " + skipped);
    }

    /**
     * A job produced by kcat (no key, value = the YAML file, no flemme code on the producing side) runs like any
     * other, and its final state is read back with kcat from the compacted job-state topic.
     */
    @Test
    @Order(4)
    void kcatSubmitsAJobAndReadsItsFinalState() throws Exception {
        Path kcat = Path.of("/usr/bin/kcat");
        assertTrue(Files.isExecutable(kcat), "kcat is required for this test: apt-get install -y kcat (.ci/run does)");
        Path yaml = p.root.resolve("kcat-job.yaml");
        Files.writeString(yaml, Pipeline.job("kcat-job", "", "shapes"));
        Process produce = new ProcessBuilder(kcat.toString(), "-b", p.bootstrap(), "-P", "-t", Topics.JOBS, yaml.toString())
                .redirectErrorStream(true).start();
        String produced = output(produce);
        assertEquals(0, produce.waitFor(), () -> "kcat -P failed: " + produced);

        long deadline = System.currentTimeMillis() + JOB_TIMEOUT.toMillis();
        JobState last = null;
        while (System.currentTimeMillis() < deadline) {
            Process consume = new ProcessBuilder(kcat.toString(), "-b", p.bootstrap(), "-C", "-t", Topics.JOB_STATE,
                    "-o", "beginning", "-e", "-q", "-f", "%s\\n").redirectErrorStream(false).start();
            String out = output(consume);
            assertEquals(0, consume.waitFor(), () -> "kcat -C failed: " + out);
            for (String line : out.split("\\n")) {
                if (line.contains("\"kcat-job\"")) {
                    last = Json.read(line.getBytes(StandardCharsets.UTF_8), JobState.class);
                }
            }
            if (last != null && last.state().isTerminal()) {
                break;
            }
            Thread.sleep(1000);
        }
        assertNotNull(last, "kcat never saw a state for the kcat job");
        JobState fin = last;
        assertEquals(JobStatus.COMPLETED, fin.state(), () -> Json.text(fin));
        assertTrue(fin.id().startsWith("job-"), "the coordinator assigned the id of a keyless submission: " + fin.id());
    }

    private static String output(Process p) throws java.io.IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private String anyIngestedTrainTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrap());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.DATASETS, 0);
            List<TopicPartition> parts = c.partitionsFor(Topics.DATASETS).stream()
                    .map(i -> new TopicPartition(Topics.DATASETS, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    return Json.read(r.value(), DatasetIngestion.class).trainTopic();
                }
            }
            throw new AssertionError("no dataset ingested on " + Topics.DATASETS + " (" + tp + ")");
        }
    }

    private void waitUntilServed(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!p.serving.registry().isLoaded(name) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.serving.registry().isLoaded(name), "serving loaded " + name);
    }

    private HttpResponse<byte[]> post(String path, String type, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.serving.port() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
