package dev.flemme4j.cli.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.kafka.EmbeddedKafkaBroker;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import dev.flemme4j.serving.kafka.InferHeaders;
import dev.flemme4j.serving.kafka.KafkaInferenceEndpoint;
import dev.flemme4j.serving.sampling.SampleService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampling over the real embedded broker: the JSON of {@code POST /v1/models/{name}/sample} on flemme.infer.requests
 * with {@code flemme-endpoint: sample} comes back on flemme.infer.responses under the request id, the same samples
 * HTTP gives; bad requests get error records naming the field, and the loop keeps answering.
 */
class KafkaSamplingIT {
    @TempDir
    Path root;

    @Test
    void sampleRequestsComeBackUnderTheirIdAndBadOnesNameTheField() throws Exception {
        Path models = root.resolve("models");
        SampleEndpointTest.export(models.resolve("cddim"), "cddim", TinyDiffusion.yaml("DDIM", "  num_steps: 100\n  num_sample_steps: 10\n"
                + "  classifier_free_guidance: {condition_dropout: 0.1, guidance_weight: 2.0}\n", true));
        SampleEndpointTest.export(models.resolve("ddpm"), "ddpm", TinyDiffusion.yaml("DDPM", "  num_steps: 20\n", false));
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(root.resolve("kafka")).port(0).controllerPort(0).start()) {
            kafka.waitUntilReady(Duration.ofSeconds(60));
            Vertx vertx = Vertx.vertx();
            ServingServer serving = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(models).withPort(0)
                    .withModelPollInterval(Duration.ZERO).withMaxSamples(4)).await(60, TimeUnit.SECONDS);
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers());
            try (Producer<String, byte[]> producer = clients.producer("sampling-it");
                    Consumer<String, byte[]> responses = responses(clients);
                    KafkaInferenceEndpoint endpoint = KafkaInferenceEndpoint.start(clients, serving.inference(), serving.sampling(),
                            serving.meterRegistry(), Duration.ofSeconds(30))) {
                JsonObject guided = new JsonObject().put("n", 2).put("condition", new io.vertx.core.json.JsonArray(List.of(0, 3)))
                        .put("seed", 7).put("steps", 5).put("format", "tensor");
                Map<String, ProducerRecord<String, byte[]>> requests = new HashMap<>();
                Map<String, String> badField = new HashMap<>();
                Map<String, Integer> status = new HashMap<>();
                bad(requests, badField, status, "b-steps", "ddpm", new JsonObject().put("steps", 0), "steps", 400);
                bad(requests, badField, status, "b-n", "ddpm", new JsonObject().put("n", 5), "n", 400);
                bad(requests, badField, status, "b-class", "cddim", new JsonObject().put("condition", 4), "condition", 400);
                bad(requests, badField, status, "b-guidance", "ddpm", new JsonObject().put("guidance", 2.0), "guidance", 400);
                bad(requests, badField, status, "b-sampler", "ddpm", new JsonObject().put("sampler", "edm"), "sampler", 400);
                bad(requests, badField, status, "b-eta", "cddim", new JsonObject().put("eta", 2.0).put("condition", 1), "eta", 400);
                bad(requests, badField, status, "b-model", "nope", new JsonObject(), "name", 404);
                requests.put("b-json", request("b-json", "cddim", "application/json", "{not json".getBytes(StandardCharsets.UTF_8)));
                badField.put("b-json", "body");
                status.put("b-json", 400);
                requests.put("b-type", request("b-type", "cddim", "image/png", new byte[] {1, 2}));
                badField.put("b-type", InferHeaders.CONTENT_TYPE);
                status.put("b-type", 415);
                for (ProducerRecord<String, byte[]> r : requests.values()) {
                    producer.send(r);
                }
                producer.flush();
                // the good ones after the bad: the loop is still answering
                producer.send(request("s-tensor", "cddim", "application/json", guided.encode().getBytes(StandardCharsets.UTF_8)));
                producer.send(request("s-png", "ddpm", "application/json", "{\"n\": 1, \"steps\": 3}".getBytes(StandardCharsets.UTF_8)));
                producer.flush();

                Map<String, ConsumerRecord<String, byte[]>> answers = collect(responses, requests.size() + 2, Duration.ofSeconds(120));
                for (Map.Entry<String, String> e : badField.entrySet()) {
                    ConsumerRecord<String, byte[]> a = answers.get(e.getKey());
                    assertNotNull(a, "no answer for " + e.getKey() + " in " + answers.keySet());
                    assertEquals(status.get(e.getKey()).toString(), InferHeaders.get(a.headers(), InferHeaders.STATUS), e.getKey());
                    JsonObject error = new JsonObject(new String(a.value(), StandardCharsets.UTF_8)).getJsonObject("error");
                    assertEquals(e.getValue(), error.getString("field"), e.getKey() + ": " + error);
                }
                ConsumerRecord<String, byte[]> tensor = answers.get("s-tensor");
                assertNotNull(tensor, "no answer for s-tensor in " + answers.keySet());
                assertEquals("200", InferHeaders.get(tensor.headers(), InferHeaders.STATUS), new String(tensor.value(), StandardCharsets.UTF_8));
                assertEquals(TensorRecordCodec.MEDIA_TYPE, InferHeaders.get(tensor.headers(), InferHeaders.CONTENT_TYPE));
                assertEquals("cddim", InferHeaders.get(tensor.headers(), InferHeaders.MODEL));
                float[] overKafka = TensorRecordCodec.standard().decode(tensor.value()).require("samples").toFloatArray();
                assertEquals(2 * 64, overKafka.length);
                float[] overHttp = TensorRecordCodec.standard().decode(http(serving.port(), "cddim", guided)).require("samples").toFloatArray();
                assertArrayEquals(overHttp, overKafka, 0f, "Kafka and HTTP run the same sampler on the same model");
                ConsumerRecord<String, byte[]> png = answers.get("s-png");
                assertNotNull(png);
                assertEquals("200", InferHeaders.get(png.headers(), InferHeaders.STATUS));
                assertEquals("image/png", InferHeaders.get(png.headers(), InferHeaders.CONTENT_TYPE));
                assertNotNull(ImageIO.read(new ByteArrayInputStream(png.value())));
            } finally {
                serving.close().await(30, TimeUnit.SECONDS);
                vertx.close().await(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void bad(Map<String, ProducerRecord<String, byte[]>> requests, Map<String, String> fields, Map<String, Integer> status,
            String id, String model, JsonObject body, String field, int code) {
        requests.put(id, request(id, model, "application/json", body.encode().getBytes(StandardCharsets.UTF_8)));
        fields.put(id, field);
        status.put(id, code);
    }

    private static ProducerRecord<String, byte[]> request(String id, String model, String contentType, byte[] body) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.INFER_REQUESTS, id, body);
        InferHeaders.put(r.headers(), InferHeaders.MODEL, model);
        InferHeaders.put(r.headers(), InferHeaders.ENDPOINT, SampleService.ENDPOINT);
        InferHeaders.put(r.headers(), InferHeaders.CONTENT_TYPE, contentType);
        return r;
    }

    private static byte[] http(int port, String model, JsonObject body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/" + model + "/sample"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        HttpResponse<byte[]> resp = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8));
        return resp.body();
    }

    private static Map<String, ConsumerRecord<String, byte[]>> collect(Consumer<String, byte[]> c, int count, Duration timeout) {
        Map<String, ConsumerRecord<String, byte[]>> out = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                out.put(r.key(), r);
            }
        }
        return out;
    }

    private static Consumer<String, byte[]> responses(KafkaClients clients) {
        Consumer<String, byte[]> c = clients.assignedConsumer("sampling-it-responses");
        TopicPartition tp = new TopicPartition(Topics.INFER_RESPONSES, 0);
        // the topic may not exist yet: ask until the broker auto-creates it
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (c.partitionsFor(Topics.INFER_RESPONSES, Duration.ofSeconds(10)).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        return c;
    }
}
