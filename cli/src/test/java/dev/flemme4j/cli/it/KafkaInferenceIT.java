package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.kafka.EmbeddedKafkaBroker;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.ModelRelease;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.ModelDirs;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import dev.flemme4j.serving.kafka.InferHeaders;
import dev.flemme4j.serving.kafka.KafkaInferenceEndpoint;
import dev.flemme4j.serving.model.ModelReleaseListener;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inference over the real embedded broker: tensor requests on flemme.infer.requests come back on
 * flemme.infer.responses under their key with the same body HTTP gives; garbled records are answered with an
 * error record and counted; a forged release pointing outside the artifact root is not loaded. Prints the
 * round-trip p50/p99.
 */
class KafkaInferenceIT {

    @TempDir
    Path root;

    @Test
    void requestsComeBackUnderTheirKeyAndGarbledOnesGetErrorRecords() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(root.resolve("kafka")).port(0).controllerPort(0).start()) {
            kafka.waitUntilReady(Duration.ofSeconds(60));
            Path artifacts = root.resolve("artifacts");
            ModelDirs.write(artifacts.resolve("job-1").resolve("model"), "seg", 1, ModelDirs.tinyModel(0.05f));
            ModelDirs.write(root.resolve("outside").resolve("model"), "evil", 1, ModelDirs.tinyModel(0f));
            Vertx vertx = Vertx.vertx();
            ServingServer serving = ServingServer.start(vertx, ServingOptions.defaults().withArtifactRoot(artifacts)
                    .withModelsRoot(root.resolve("models")).withPort(0).withModelPollInterval(Duration.ZERO)).await(60, TimeUnit.SECONDS);
            String bootstrap = kafka.bootstrapServers();
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap);
                    KafkaConsumer<String, byte[]> responses = responses(bootstrap);
                    ModelReleaseListener releases = new ModelReleaseListener(new KafkaClients(bootstrap), serving.registry(), serving.trustedRoots()).start();
                    KafkaInferenceEndpoint endpoint = KafkaInferenceEndpoint.start(new KafkaClients(bootstrap), serving.inference(), serving.meterRegistry(),
                            Duration.ofSeconds(30))) {
                var seg = dev.flemme4j.protocol.model.ModelManifest.read(artifacts.resolve("job-1").resolve("model"));
                var evil = dev.flemme4j.protocol.model.ModelManifest.read(root.resolve("outside").resolve("model"));
                publishRelease(producer, new ModelRelease("evil", 1, "job-x", root.resolve("outside").resolve("model").toString(), evil.sha256(), 0));
                publishRelease(producer, new ModelRelease("evil", 1, "job-x", artifacts + "/../outside/model", evil.sha256(), 0));
                publishRelease(producer, new ModelRelease("seg", 1, "job-1", artifacts.resolve("job-1").resolve("model").toString(), seg.sha256(), 0));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!serving.registry().isLoaded("seg") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(serving.registry().isLoaded("seg"), "the release inside the artifact root loads");
                assertFalse(serving.registry().isLoaded("evil"), "releases pointing outside the artifact root are refused");

                float[] x = new float[ModelDirs.H * ModelDirs.W];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (i % 13) / 13f;
                }
                byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("input", new long[] {1, 1, ModelDirs.H, ModelDirs.W}, x)));
                float[] want = ModelDirs.tinyModel(0.05f).reference(x, 1);

                // garbled records first: each gets its error record, keyed like the request where it had a key
                Map<String, ProducerRecord<String, byte[]>> garbled = new HashMap<>();
                garbled.put("g-no-model", request("g-no-model", null, TensorRecordCodec.MEDIA_TYPE, body));
                garbled.put("g-no-type", request("g-no-type", "seg", null, body));
                ProducerRecord<String, byte[]> badVersion = request("g-bad-version", "seg", TensorRecordCodec.MEDIA_TYPE, body);
                InferHeaders.put(badVersion.headers(), InferHeaders.VERSION, "latest");
                garbled.put("g-bad-version", badVersion);
                Map<String, Integer> wantStatus = new HashMap<>(Map.of("g-no-model", 400, "g-no-type", 400, "g-bad-version", 400,
                        "b-garbage", 400, "b-unknown", 404, "b-png-garbage", 400));
                garbled.put("b-garbage", request("b-garbage", "seg", TensorRecordCodec.MEDIA_TYPE, "FLTRgarbage".getBytes(StandardCharsets.UTF_8)));
                garbled.put("b-unknown", request("b-unknown", "nope", TensorRecordCodec.MEDIA_TYPE, body));
                garbled.put("b-png-garbage", request("b-png-garbage", "seg", "image/png", new byte[] {1, 2, 3}));
                for (ProducerRecord<String, byte[]> r : garbled.values()) {
                    producer.send(r);
                }
                producer.send(new ProducerRecord<>(Topics.INFER_REQUESTS, null, body)); // no key at all
                producer.flush();
                Map<String, ConsumerRecord<String, byte[]>> answers = collect(responses, wantStatus.size() + 1, Duration.ofSeconds(60));
                for (Map.Entry<String, Integer> e : wantStatus.entrySet()) {
                    ConsumerRecord<String, byte[]> a = answers.get(e.getKey());
                    assertTrue(a != null, "no answer for " + e.getKey() + " in " + answers.keySet());
                    assertEquals(e.getValue().toString(), InferHeaders.get(a.headers(), InferHeaders.STATUS), e.getKey());
                    assertTrue(new String(a.value(), StandardCharsets.UTF_8).contains("\"field\""), e.getKey());
                }
                assertTrue(answers.containsKey(""), "the keyless record is answered under the empty key");
                double garbledCount = serving.meterRegistry().get("flemme.serving.kafka.garbled.records").counter().count();
                assertEquals(4.0, garbledCount, "no model, no content type, bad version header, no key");

                // round trips, one at a time
                int n = 200;
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String id = "r-" + i + "-" + UUID.randomUUID();
                    long t0 = System.nanoTime();
                    producer.send(request(id, "seg", TensorRecordCodec.MEDIA_TYPE, body));
                    producer.flush();
                    ConsumerRecord<String, byte[]> a = collect(responses, 1, Duration.ofSeconds(30)).get(id);
                    micros.add((System.nanoTime() - t0) / 1000);
                    assertTrue(a != null, "answer for " + id);
                    assertEquals("200", InferHeaders.get(a.headers(), InferHeaders.STATUS));
                    assertEquals("1", InferHeaders.get(a.headers(), InferHeaders.VERSION));
                    if (i == 0) {
                        float[] got = TensorRecordCodec.standard().decode(a.value()).require("seg_logits").toFloatArray();
                        for (int j = 0; j < got.length; j++) {
                            assertEquals(want[j], got[j], 1e-5);
                        }
                    }
                }
                long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("Kafka inference round trip over %d requests: p50 %.2f ms, p99 %.2f ms%n", n,
                        sorted[n / 2] / 1000.0, sorted[(int) Math.ceil(n * 0.99) - 1] / 1000.0);
            } finally {
                serving.close().await(30, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    static ProducerRecord<String, byte[]> request(String id, String model, String contentType, byte[] body) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.INFER_REQUESTS, id, body);
        InferHeaders.put(r.headers(), InferHeaders.MODEL, model);
        InferHeaders.put(r.headers(), InferHeaders.CONTENT_TYPE, contentType);
        return r;
    }

    static void publishRelease(KafkaProducer<String, byte[]> producer, ModelRelease release) throws Exception {
        producer.send(new ProducerRecord<>(Topics.MODELS, release.name(), Json.bytes(release))).get(30, TimeUnit.SECONDS);
    }

    static Map<String, ConsumerRecord<String, byte[]>> collect(KafkaConsumer<String, byte[]> c, int count, Duration timeout) {
        Map<String, ConsumerRecord<String, byte[]>> out = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(20))) {
                out.put(r.key(), r);
            }
        }
        return out;
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<String, byte[]> responses(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(Topics.INFER_RESPONSES, 0);
        // the topic may not exist yet: ask for it until the broker auto-creates it
        while (c.partitionsFor(Topics.INFER_RESPONSES, Duration.ofSeconds(10)).isEmpty()) {
            Thread.onSpinWait();
        }
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        return c;
    }
}
