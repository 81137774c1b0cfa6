package dev.flemme4j.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP surface against a real ONNX Runtime session of a hand-written Conv model. */
public class SegmentationHttpTest {

    static final String MODEL = "tiny-seg";
    static final long BODY_LIMIT = 512 * 1024;

    @TempDir
    static Path root;
    static Vertx vertx;
    static ServingServer server;
    static WebClient client;
    static TinyOnnxModel model = ModelDirs.tinyModel(0.05f);

    @BeforeAll
    static void start() throws Exception {
        ModelDirs.write(root.resolve("tiny-seg-v1"), MODEL, 1, model);
        vertx = Vertx.vertx();
        server = await(ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(root).withPort(0).withHost("127.0.0.1")
                .withMaxBodyBytes(BODY_LIMIT).withInference(2, 8).withModelPollInterval(Duration.ZERO)));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        await(server.close());
        await(vertx.close());
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static HttpResponse<Buffer> post(String path, String contentType, byte[] body) throws Exception {
        return await(client.post(path).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)));
    }

    static BufferedImage smoothImage(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (127 + 127 * Math.sin(x / 4.0));
                int g = (int) (127 + 127 * Math.cos(y / 3.0));
                int b = (x * y) % 256;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** Flemme's pipeline written out independently of the production code: ToTensor, nearest Resize, GrayScale, Normalize. */
    static float[] referenceInput(BufferedImage img) {
        return referenceInput(img, ModelDirs.H, ModelDirs.W);
    }

    /** {@link #referenceInput(BufferedImage)} for a model trained on h×w images. */
    static float[] referenceInput(BufferedImage img, int h, int w) {
        float[] out = new float[h * w];
        float sy = (float) img.getHeight() / h;
        float sx = (float) img.getWidth() / w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB((int) Math.floor(x * sx), (int) Math.floor(y * sy));
                float r = ((rgb >> 16) & 255) / 255f, g = ((rgb >> 8) & 255) / 255f, b = (rgb & 255) / 255f;
                float gray = 0.2989f * r + 0.587f * g + 0.114f * b;
                out[y * w + x] = (gray - 0.5f) / 0.5f;
            }
        }
        return out;
    }

    @Test
    void pngInGivesTheReferenceMaskOut() throws Exception {
        BufferedImage img = smoothImage(50, 40);
        HttpResponse<Buffer> res = post("/v1/models/" + MODEL + "/segment", "image/png", ImageCodec.encodePng(img));
        assertEquals(200, res.statusCode(), res.bodyAsString());
        assertEquals("image/png", res.getHeader("Content-Type"));
        BufferedImage mask = ImageCodec.standard().decode(res.body().getBytes());
        assertEquals(ModelDirs.W, mask.getWidth());
        assertEquals(ModelDirs.H, mask.getHeight());

        float[] logits = model.reference(referenceInput(img), 1);
        int foreground = 0;
        for (int y = 0; y < ModelDirs.H; y++) {
            for (int x = 0; x < ModelDirs.W; x++) {
                float logit = logits[y * ModelDirs.W + x];
                int px = mask.getRaster().getSample(x, y, 0);
                assertTrue(px == 0 || px == 255);
                if (Math.abs(logit) > 1e-4f) { // summation order may flip a pixel sitting on the threshold
                    assertEquals(logit > 0 ? 255 : 0, px, "pixel " + x + "," + y + " logit " + logit);
                }
                foreground += px == 255 ? 1 : 0;
            }
        }
        assertTrue(foreground > 20 && foreground < ModelDirs.H * ModelDirs.W - 20, "mask should not be trivial: " + foreground);
        assertEquals("1", res.getHeader("X-Flemme-Model-Version"));
    }

    @Test
    void originalSizeResizesTheMaskBack() throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/" + MODEL + "/segment?size=original", "image/png", ImageCodec.encodePng(smoothImage(50, 40)));
        assertEquals(200, res.statusCode(), res.bodyAsString());
        BufferedImage mask = ImageCodec.standard().decode(res.body().getBytes());
        assertEquals(50, mask.getWidth());
        assertEquals(40, mask.getHeight());
    }

    @Test
    void tensorInGivesLogitsMaskAndProbabilities() throws Exception {
        int n = 3;
        float[] input = new float[n * ModelDirs.H * ModelDirs.W];
        Random random = new Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(
                NamedTensor.ofFloats("input", new long[] {n, 1, ModelDirs.H, ModelDirs.W}, input)));
        HttpResponse<Buffer> res = post("/v1/models/" + MODEL + "/segment?output=probabilities", TensorRecordCodec.MEDIA_TYPE, body);
        assertEquals(200, res.statusCode(), res.bodyAsString());
        assertEquals(TensorRecordCodec.MEDIA_TYPE, res.getHeader("Content-Type"));
        TensorRecord out = TensorRecordCodec.standard().decode(res.body().getBytes());

        float[] expected = model.reference(input, n);
        NamedTensor logits = out.require("seg_logits");
        assertArrayEquals(new long[] {n, 1, ModelDirs.H, ModelDirs.W}, logits.shape());
        assertArrayEquals(expected, logits.toFloatArray(), 1e-5f);

        NamedTensor mask = out.require("mask");
        assertEquals(DType.UINT8, mask.dtype());
        byte[] m = mask.toByteArray();
        float[] p = out.require("probabilities").toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i]) > 1e-4f) {
                assertEquals(expected[i] > 0 ? 1 : 0, m[i]);
            }
            assertEquals(1 / (1 + Math.exp(-expected[i])), p[i], 1e-5);
        }
    }

    @Test
    void unknownModelIs404WithJsonError() throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/nope/segment", "image/png", new byte[] {1});
        assertEquals(404, res.statusCode());
        JsonObject error = res.bodyAsJsonObject().getJsonObject("error");
        assertEquals("name", error.getString("field"));
        assertTrue(error.getString("message").contains("no model named 'nope'"), error.encode());
        assertTrue(error.getString("message").contains(MODEL), "lists loaded models: " + error.encode());
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/" + MODEL + "/segment", "text/plain", "hello".getBytes());
        assertEquals(415, res.statusCode());
        assertEquals("Content-Type", res.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }

    @Test
    void undecodableImageIs400NamingTheBody() throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/" + MODEL + "/segment", "image/png", "not an image at all".getBytes());
        assertEquals(400, res.statusCode());
        JsonObject error = res.bodyAsJsonObject().getJsonObject("error");
        assertEquals("body", error.getString("field"));
        assertTrue(error.getString("message").contains("not a PNG or JPEG"), error.encode());
        byte[] png = ImageCodec.encodePng(smoothImage(50, 40));
        res = post("/v1/models/" + MODEL + "/segment", "image/png", java.util.Arrays.copyOf(png, png.length / 2));
        assertEquals(400, res.statusCode(), res.bodyAsString());
    }

    @Test
    void badTensorRecordIs400NamingTheFault() throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/" + MODEL + "/segment", TensorRecordCodec.MEDIA_TYPE, "FLTX\u0001\u0000\u0000".getBytes());
        assertEquals(400, res.statusCode());
        assertTrue(res.bodyAsJsonObject().getJsonObject("error").getString("message").contains("magic"), res.bodyAsString());

        byte[] noInput = TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("x", new long[] {1}, new float[1])));
        res = post("/v1/models/" + MODEL + "/segment", TensorRecordCodec.MEDIA_TYPE, noInput);
        assertEquals(400, res.statusCode());
        assertTrue(res.bodyAsString().contains("no tensor named 'input'"), res.bodyAsString());
    }

    @Test
    void wrongInputShapeIs400WithExpectedAndActual() throws Exception {
        byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(
                NamedTensor.ofFloats("input", new long[] {1, 3, ModelDirs.H, ModelDirs.W}, new float[3 * ModelDirs.H * ModelDirs.W])));
        HttpResponse<Buffer> res = post("/v1/models/" + MODEL + "/segment", TensorRecordCodec.MEDIA_TYPE, body);
        assertEquals(400, res.statusCode());
        JsonObject error = res.bodyAsJsonObject().getJsonObject("error");
        assertEquals("input", error.getString("field"));
        assertTrue(error.getString("message").contains("[1, 3, 24, 32]"), error.encode());
        assertTrue(error.getString("message").contains("[N, 1, 24, 32]"), error.encode());
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/" + MODEL + "/segment", "image/png", new byte[(int) BODY_LIMIT + 1]);
        assertEquals(413, res.statusCode());
        JsonObject error = res.bodyAsJsonObject().getJsonObject("error");
        assertEquals("body", error.getString("field"));
        assertTrue(error.getString("message").contains(Long.toString(BODY_LIMIT)), error.encode());
        // and the server is still there
        assertEquals(200, await(client.get("/health").send()).statusCode());
    }

    @Test
    void healthAndModelListDescribeTheLoadedModel() throws Exception {
        JsonObject health = await(client.get("/health").send()).bodyAsJsonObject();
        assertEquals("UP", health.getString("status"));
        assertEquals(1, health.getInteger("models_loaded"));
        assertEquals("CPU", health.getJsonObject("models").getJsonObject(MODEL).getString("provider"));

        JsonObject list = await(client.get("/v1/models").send()).bodyAsJsonObject();
        JsonObject manifest = list.getJsonArray("models").getJsonObject(0).getJsonObject("manifest");
        assertEquals(MODEL, manifest.getString("name"));
        assertEquals("segment", manifest.getString("task"));
        assertEquals(24, manifest.getJsonObject("preprocessing").getJsonArray("image_size").getInteger(0));
        assertEquals(404, await(client.get("/v1/models/nope").send()).statusCode());
    }

    @Test
    void metricsExposeLatencyHistogramCountersAndJvm() throws Exception {
        post("/v1/models/" + MODEL + "/segment", "image/png", ImageCodec.encodePng(smoothImage(8, 8)));
        post("/v1/models/" + MODEL + "/segment", "text/plain", new byte[] {1});
        post("/v1/models/whatever-" + System.nanoTime() + "/segment", "image/png", new byte[] {1});
        HttpResponse<Buffer> res = await(client.get("/metrics").send());
        assertEquals(200, res.statusCode());
        String text = res.bodyAsString();
        assertTrue(text.contains("flemme_infer_latency_seconds_bucket{endpoint=\"segment\",model=\"tiny-seg\",le="), text);
        assertTrue(text.contains("flemme_infer_requests_total{endpoint=\"segment\",model=\"tiny-seg\"}"), text);
        assertTrue(text.contains("flemme_infer_errors_total{endpoint=\"segment\",model=\"tiny-seg\",reason=\"unsupported_media_type\"}"), text);
        assertTrue(text.contains("flemme_infer_errors_total{endpoint=\"segment\",model=\"unknown\",reason=\"unknown_model\"}"), text);
        assertTrue(text.contains("flemme_infer_batch_size_count{endpoint=\"segment\",model=\"tiny-seg\"}"), text);
        assertTrue(text.contains("flemme_serving_models_loaded 1.0"), text);
        // "write" is recorded once the reply is flushed, which may come after this client has read it
        for (String phase : new String[] {"body_read", "cpu_queue", "decode", "batch_wait", "ort_run", "encode", "reply_hop"}) {
            assertTrue(text.contains("flemme_infer_phase_seconds_count{model=\"tiny-seg\",phase=\"" + phase + "\"}"), phase + " not timed: " + text);
        }
        assertTrue(text.contains("jvm_memory_used_bytes"), text);
        assertTrue(!text.contains("whatever-"), "client-chosen model names must not become label values");
    }
}
