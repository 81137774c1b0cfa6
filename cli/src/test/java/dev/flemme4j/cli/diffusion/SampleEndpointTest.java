package dev.flemme4j.cli.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.flemme4j.cli.local.SampleGrid;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.OnnxExport;
import dev.flemme4j.modelzoo.diffusion.DiffusionModelSpec;
import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/models/{name}/sample} over real HTTP (java.net.http) against a serving server on a free port,
 * with a guided class-conditional DDIM and an unconditional DDPM exported as the worker does.
 */
class SampleEndpointTest {
    static final int MAX_SAMPLES = 8;
    @TempDir
    static Path root;
    static Vertx vertx;
    static ServingServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path models = root.resolve("models");
        export(models.resolve("cddim"), "cddim", TinyDiffusion.yaml("DDIM", "  num_steps: 100\n  num_sample_steps: 10\n"
                + "  classifier_free_guidance: {condition_dropout: 0.1, guidance_weight: 2.0}\n", true));
        export(models.resolve("ddpm"), "ddpm", TinyDiffusion.yaml("DDPM", "  num_steps: 20\n", false));
        vertx = Vertx.vertx();
        server = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(models).withPort(0)
                .withMaxSamples(MAX_SAMPLES))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The worker's layout: model.onnx, eps_uncond.onnx and eps_guided.onnx for guided models, manifest.json last. */
    static void export(Path dir, String name, String yaml) throws Exception {
        try (FlemmeModel m = TinyDiffusion.build(yaml, 5)) {
            Files.createDirectories(dir);
            Path onnx = dir.resolve(ModelManifest.DEFAULT_ONNX_FILE);
            Files.write(onnx, OnnxExport.toBytes(m));
            DiffusionSettings s = ((DiffusionModelSpec) m.spec()).settings();
            if (s.guidable()) {
                Files.write(dir.resolve("eps_uncond.onnx"), OnnxExport.toBytes(m, false));
                s = s.withUnconditionalOnnxFile("eps_uncond.onnx");
            }
            if (((DiffusionModelSpec) m.spec()).batchGuidable()) {
                Files.write(dir.resolve("eps_guided.onnx"), OnnxExport.toBytesWithConditionMask(m));
                s = s.withGuidanceOnnxFile("eps_guided.onnx");
            }
            List<TensorSpec> inputs = new ArrayList<>();
            for (String in : m.inputNames()) {
                long[] shape = m.inputShape(in, 1).getShape().clone();
                shape[0] = TensorSpec.DYNAMIC;
                inputs.add(TensorSpec.of(in, DType.FLOAT32, shape));
            }
            long[] out = m.outputShape(1).getShape().clone();
            out[0] = TensorSpec.DYNAMIC;
            ModelManifest.builder().setName(name).setArchitecture(m.architecture()).setTask(Task.SAMPLE)
                    .setInputs(inputs.toArray(TensorSpec[]::new)).setOutputs(TensorSpec.of(m.outputName(), DType.FLOAT32, out))
                    .setSha256Of(onnx).optDiffusion(s).build().write(dir);
        }
    }

    static HttpResponse<String> post(String model, JsonObject body, String accept) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models/" + model + "/sample"))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * What {@code flemme local} shows of a generative model: one sample per class for the conditional DDIM (classes
     * in order), 8 for the unconditional DDPM, each answered as one PNG grid by the served endpoint.
     */
    @Test
    void localsSampleGridIsOnePngFromTheServedEndpoint() throws Exception {
        for (String name : List.of("cddim", "ddpm")) {
            DiffusionSettings s = ModelManifest.read(root.resolve("models").resolve(name)).diffusion();
            SampleGrid.Request request = SampleGrid.request(s);
            assertNotNull(request, name);
            assertEquals(s.conditional() ? TinyDiffusion.CLASSES : 8, request.samples(), request.json());
            Path picture = root.resolve(name + "-samples.png");
            SampleGrid.Result r = new SampleGrid().run("http://127.0.0.1:" + server.port() + "/v1/models/" + name + "/sample",
                    request, picture);
            BufferedImage grid = ImageIO.read(picture.toFile());
            assertNotNull(grid, name + ": not a PNG");
            assertEquals(request.samples(), r.samples());
            assertTrue(grid.getWidth() >= 8 && grid.getHeight() >= 8, name + ": " + grid.getWidth() + "x" + grid.getHeight());
        }
    }

    @Test
    void streamsProgressAndPreviewsBeforeTheImage() throws Exception {
        JsonObject body = new JsonObject().put("n", 4).put("condition", new io.vertx.core.json.JsonArray(List.of(0, 1, 2, 3)))
                .put("seed", 3).put("preview_every", 5);
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models/cddim/sample"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        HttpResponse<java.util.stream.Stream<String>> resp = http.send(r, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, resp.statusCode());
        assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        List<JsonObject> data = new ArrayList<>();
        String[] event = {null};
        resp.body().forEach(line -> {
            if (line.startsWith("event: ")) {
                event[0] = line.substring(7);
            } else if (line.startsWith("data: ")) {
                events.add(event[0]);
                data.add(new JsonObject(line.substring(6)));
            }
        });
        assertEquals("result", events.get(events.size() - 1), events.toString());
        List<Integer> steps = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).equals("progress")) {
                steps.add(data.get(i).getInteger("step"));
            }
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), steps, "one progress event per DDIM step (num_sample_steps 10)");
        assertEquals(2, events.stream().filter("preview"::equals).count(), events.toString());
        JsonObject result = data.get(data.size() - 1);
        assertEquals("image/png", result.getString("content_type"));
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(result.getString("data"))));
        assertEquals(2 * 8 + 2, grid.getWidth(), "2 × 2 grid of 8 × 8 samples with a 2-pixel gap");
    }

    @Test
    void answersAPngGridOrATensorRecord() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models/ddpm/sample"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"n\": 3, \"seed\": 1}")).build();
        HttpResponse<byte[]> png = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, png.statusCode(), new String(png.body()));
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
        assertNotNull(ImageIO.read(new ByteArrayInputStream(png.body())));
        HttpRequest t = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models/ddpm/sample"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 2, \"format\": \"tensor\", \"sampler\": \"ddim\", \"steps\": 5}")).build();
        HttpResponse<byte[]> tensor = http.send(t, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, tensor.statusCode(), new String(tensor.body()));
        var record = dev.flemme4j.protocol.tensor.TensorRecordCodec.standard().decode(tensor.body());
        assertEquals(List.of(2L, 1L, 8L, 8L), java.util.Arrays.stream(record.require("samples").shape()).boxed().toList());
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        assertRefused("cddim", new JsonObject().put("steps", 0).put("sampler", "ddim"), "steps");
        assertRefused("cddim", new JsonObject().put("steps", -3), "steps");
        assertRefused("ddpm", new JsonObject().put("steps", 21), "steps");
        assertRefused("cddim", new JsonObject().put("steps", 101), "steps");
        assertRefused("ddpm", new JsonObject().put("n", 1000), "n");
        assertRefused("ddpm", new JsonObject().put("n", 0), "n");
        assertRefused("ddpm", new JsonObject().put("n", 1e12), "n");
        assertRefused("ddpm", new JsonObject().put("n", 2.5), "n");
        // the configured limit, not a built-in one
        HttpResponse<String> over = post("ddpm", new JsonObject().put("n", MAX_SAMPLES + 1), "application/json");
        assertEquals(400, over.statusCode(), over.body());
        assertTrue(over.body().contains("[1, " + MAX_SAMPLES + "]"), over.body());
        assertRefused("cddim", new JsonObject().put("condition", -1), "condition");
        assertRefused("cddim", new JsonObject().put("condition", 1.5), "condition");
        assertRefused("cddim", new JsonObject().put("condition", "two"), "condition");
        assertRefused("ddpm", new JsonObject().put("condition", 1), "condition");
        assertRefused("cddim", new JsonObject().put("guidance", -1.0).put("condition", 1), "guidance");
        assertRefused("cddim", new JsonObject().put("guidance", 2.0), "guidance");
        assertRefused("cddim", new JsonObject().put("eta", 1.5).put("condition", 1), "eta");
        assertRefused("cddim", new JsonObject().put("eta", -0.1).put("condition", 1), "eta");
        assertRefused("ddpm", new JsonObject().put("eta", 0.5), "eta");
        assertRefused("ddpm", new JsonObject().put("sampler", "plms"), "sampler");
        assertRefused("ddpm", new JsonObject().put("sampler", 3), "sampler");
        assertRefused("ddpm", new JsonObject().put("format", "jpeg"), "format");
        // the same checks before a stream starts: a 400, not an event stream
        HttpResponse<String> sse = post("cddim", new JsonObject().put("condition", 9), "text/event-stream");
        assertEquals(400, sse.statusCode(), sse.body());
        assertEquals("condition", new JsonObject(sse.body()).getJsonObject("error").getString("field"));
        assertRefused("cddim", new JsonObject().put("condition", 7), "condition");
        assertRefused("cddim", new JsonObject().put("n", 3).put("condition", new io.vertx.core.json.JsonArray(List.of(0, 1))), "condition");
        assertRefused("ddpm", new JsonObject().put("guidance", 2.0), "guidance");
        assertRefused("ddpm", new JsonObject().put("sampler", "edm"), "sampler");
        assertRefused("ddpm", new JsonObject().put("stepz", 3), "stepz");
        // nothing else broke
        assertEquals(200, post("ddpm", new JsonObject().put("n", 1).put("steps", 3), "image/png").statusCode());
    }

    private static void assertRefused(String model, JsonObject body, String field) throws Exception {
        HttpResponse<String> r = post(model, body, "application/json");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(field, new JsonObject(r.body()).getJsonObject("error").getString("field"), r.body());
    }
}
