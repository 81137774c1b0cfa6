package dev.flemme4j.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /classify} and {@code /reconstruct} against real ONNX Runtime sessions of hand-written models, and the
 * routing between tasks. Expected values come from each tiny model's {@code reference} (the same arithmetic
 * written the slow obvious way in Java) fed by {@link SegmentationHttpTest#referenceInput}, never from the server.
 */
class TaskEndpointsHttpTest {

    static final String SEG = "tiny-seg";
    static final String CLS = "tiny-cls";
    static final String AE_RGB = "tiny-ae-rgb";
    static final String AE_GRAY = "tiny-ae-gray";
    static final long BODY_LIMIT = 256 * 1024;

    @TempDir
    static Path root;
    static Vertx vertx;
    static ServingServer server;
    static WebClient client;
    static TinyClassifier classifier = tinyClassifier();
    // channel 0 scales by 1.5, so bright and dark pixels leave the data range and must be clamped
    static TinyReconstructor rgb = new TinyReconstructor(12, 16, new float[] {1.5f, -1f, 0.5f}, new float[] {0.2f, 0f, -0.1f});
    static TinyReconstructor gray = new TinyReconstructor(12, 16, new float[] {1.2f}, new float[] {-0.3f});
    /** Model name → the (1, C, H, W) shape one sample of its input has. */
    static final Map<String, long[]> INPUT_SHAPES = new HashMap<>();

    static TinyClassifier tinyClassifier() {
        int h = 8, w = 10, k = 3;
        Random random = new Random(11);
        float[] weights = new float[h * w * k];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (0.1 * random.nextGaussian());
        }
        return new TinyClassifier(h, w, weights, new float[] {0.1f, -0.2f, 0.05f});
    }

    @BeforeAll
    static void start() throws Exception {
        ModelDirs.write(root.resolve("seg"), SEG, 1, ModelDirs.tinyModel(0.05f));
        ModelDirs.write(root.resolve("cls"), CLS, classifier);
        ModelDirs.write(root.resolve("ae-rgb"), AE_RGB, rgb);
        ModelDirs.write(root.resolve("ae-gray"), AE_GRAY, gray);
        INPUT_SHAPES.put(SEG, new long[] {1, 1, ModelDirs.H, ModelDirs.W});
        INPUT_SHAPES.put(CLS, new long[] {1, 1, classifier.height, classifier.width});
        INPUT_SHAPES.put(AE_RGB, new long[] {1, 1, rgb.height, rgb.width});
        INPUT_SHAPES.put(AE_GRAY, new long[] {1, 1, gray.height, gray.width});
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

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static HttpResponse<Buffer> post(String path, String contentType, byte[] body) throws Exception {
        return await(client.post(path).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)));
    }

    static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    static byte[] tensorRequest(long[] shape, float[] values) {
        return TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("input", shape, values)));
    }

    static double[] softmax(float[] logits, int offset, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logits[offset + c]);
        }
        double sum = 0;
        double[] p = new double[k];
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(logits[offset + c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= sum;
        }
        return p;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            best = p[c] > p[best] ? c : best;
        }
        return best;
    }

    static JsonObject error(HttpResponse<Buffer> res) {
        return res.bodyAsJsonObject().getJsonObject("error");
    }

    // ---- classify

    @Test
    void classifyPngGivesSoftmaxOfTheReferenceLogits() throws Exception {
        BufferedImage img = SegmentationHttpTest.smoothImage(50, 40);
        HttpResponse<Buffer> res = post("/v1/models/" + CLS + "/classify", "image/png", ImageCodec.encodePng(img));
        assertEquals(200, res.statusCode(), res.bodyAsString());
        assertTrue(res.getHeader("Content-Type").startsWith("application/json"));
        JsonObject body = res.bodyAsJsonObject();
        assertEquals(CLS, body.getString("model"));
        assertEquals(1, body.getInteger("version"));
        JsonArray predictions = body.getJsonArray("predictions");
        assertEquals(1, predictions.size());

        float[] logits = classifier.reference(SegmentationHttpTest.referenceInput(img, classifier.height, classifier.width), 1);
        double[] expected = softmax(logits, 0, classifier.classes);
        JsonArray p = predictions.getJsonObject(0).getJsonArray("probabilities");
        assertEquals(classifier.classes, p.size());
        double sum = 0;
        for (int c = 0; c < classifier.classes; c++) {
            assertEquals(expected[c], p.getDouble(c), 1e-5, "class " + c);
            sum += p.getDouble(c);
        }
        assertEquals(1.0, sum, 1e-5);
        assertEquals(argmax(expected), predictions.getJsonObject(0).getInteger("class"));
        // the reference must not be a coin toss, or the argmax check above proves little
        double[] sorted = expected.clone();
        Arrays.sort(sorted);
        assertTrue(sorted[sorted.length - 1] - sorted[sorted.length - 2] > 1e-3, Arrays.toString(expected));
    }

    @Test
    void classifyTensorGivesLogitsProbabilitiesAndClassRecord() throws Exception {
        int n = 4, d = classifier.height * classifier.width, k = classifier.classes;
        float[] input = gaussian(n * d, 5);
        HttpResponse<Buffer> res = post("/v1/models/" + CLS + "/classify", TensorRecordCodec.MEDIA_TYPE,
                tensorRequest(new long[] {n, 1, classifier.height, classifier.width}, input));
        assertEquals(200, res.statusCode(), res.bodyAsString());
        assertEquals(TensorRecordCodec.MEDIA_TYPE, res.getHeader("Content-Type"));
        TensorRecord out = TensorRecordCodec.standard().decode(res.body().getBytes());

        float[] expected = classifier.reference(input, n);
        NamedTensor logits = out.require("cls_logits");
        assertArrayEquals(new long[] {n, k}, logits.shape());
        assertArrayEquals(expected, logits.toFloatArray(), 1e-4f);
        float[] p = out.require("probabilities").toFloatArray();
        NamedTensor classes = out.require("class");
        assertEquals(DType.INT64, classes.dtype());
        long[] cls = classes.toLongArray();
        for (int b = 0; b < n; b++) {
            double[] want = softmax(expected, b * k, k);
            for (int c = 0; c < k; c++) {
                assertEquals(want[c], p[b * k + c], 1e-5);
            }
            assertEquals(argmax(want), cls[b], "sample " + b);
        }
    }

    @Test
    void classifyTensorAnswersJsonWhenAskedTo() throws Exception {
        int n = 2, d = classifier.height * classifier.width;
        float[] input = gaussian(n * d, 9);
        HttpResponse<Buffer> res = await(client.post("/v1/models/" + CLS + "/classify")
                .putHeader("Content-Type", TensorRecordCodec.MEDIA_TYPE).putHeader("Accept", "application/json")
                .sendBuffer(Buffer.buffer(tensorRequest(new long[] {n, 1, classifier.height, classifier.width}, input))));
        assertEquals(200, res.statusCode(), res.bodyAsString());
        JsonArray predictions = res.bodyAsJsonObject().getJsonArray("predictions");
        assertEquals(n, predictions.size());
        float[] logits = classifier.reference(input, n);
        for (int b = 0; b < n; b++) {
            assertEquals(argmax(softmax(logits, b * classifier.classes, classifier.classes)), predictions.getJsonObject(b).getInteger("class"));
        }
    }

    // ---- reconstruct

    /** Expected PNG level: undo Normalize(0.5, 0.5), clamp to [0, 1], scale to 0..255. */
    static int expectedLevel(float recon) {
        return Math.round(Math.max(0f, Math.min(1f, recon * 0.5f + 0.5f)) * 255f);
    }

    @Test
    void reconstructPngGivesTheDenormalizedClampedRgbReconstruction() throws Exception {
        BufferedImage img = SegmentationHttpTest.smoothImage(50, 40);
        HttpResponse<Buffer> res = post("/v1/models/" + AE_RGB + "/reconstruct", "image/png", ImageCodec.encodePng(img));
        assertEquals(200, res.statusCode(), res.bodyAsString());
        assertEquals("image/png", res.getHeader("Content-Type"));
        BufferedImage out = ImageCodec.standard().decode(res.body().getBytes());
        assertEquals(rgb.width, out.getWidth());
        assertEquals(rgb.height, out.getHeight());
        assertEquals(3, out.getColorModel().getNumColorComponents());

        float[] recon = rgb.reference(SegmentationHttpTest.referenceInput(img, rgb.height, rgb.width), 1);
        int plane = rgb.height * rgb.width, clamped = 0;
        for (int y = 0; y < rgb.height; y++) {
            for (int x = 0; x < rgb.width; x++) {
                int px = out.getRGB(x, y);
                int[] got = {(px >> 16) & 255, (px >> 8) & 255, px & 255};
                for (int c = 0; c < 3; c++) {
                    float r = recon[c * plane + y * rgb.width + x];
                    assertEquals(expectedLevel(r), got[c], 1, "pixel " + x + "," + y + " channel " + c + " recon " + r);
                    float unclamped = r * 0.5f + 0.5f;
                    clamped += unclamped < 0 || unclamped > 1 ? 1 : 0;
                }
            }
        }
        assertTrue(clamped > 0, "the test image should drive some values out of range");
    }

    @Test
    void reconstructPngOfOneChannelModelIsGray() throws Exception {
        BufferedImage img = SegmentationHttpTest.smoothImage(30, 20);
        HttpResponse<Buffer> res = post("/v1/models/" + AE_GRAY + "/reconstruct", "image/png", ImageCodec.encodePng(img));
        assertEquals(200, res.statusCode(), res.bodyAsString());
        BufferedImage out = ImageCodec.standard().decode(res.body().getBytes());
        assertEquals(1, out.getColorModel().getNumColorComponents());
        float[] recon = gray.reference(SegmentationHttpTest.referenceInput(img, gray.height, gray.width), 1);
        for (int y = 0; y < gray.height; y++) {
            for (int x = 0; x < gray.width; x++) {
                assertEquals(expectedLevel(recon[y * gray.width + x]), out.getRaster().getSample(x, y, 0), 1, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void reconstructTensorGivesRawRecon() throws Exception {
        int n = 2, plane = rgb.height * rgb.width;
        float[] input = gaussian(n * plane, 3);
        HttpResponse<Buffer> res = post("/v1/models/" + AE_RGB + "/reconstruct", TensorRecordCodec.MEDIA_TYPE,
                tensorRequest(new long[] {n, 1, rgb.height, rgb.width}, input));
        assertEquals(200, res.statusCode(), res.bodyAsString());
        assertEquals(TensorRecordCodec.MEDIA_TYPE, res.getHeader("Content-Type"));
        NamedTensor recon = TensorRecordCodec.standard().decode(res.body().getBytes()).require("recon");
        assertArrayEquals(new long[] {n, 3, rgb.height, rgb.width}, recon.shape());
        assertArrayEquals(rgb.reference(input, n), recon.toFloatArray(), 1e-5f);
    }

    // ---- bad requests, the same rules on both endpoints

    @ParameterizedTest
    @CsvSource({"classify," + CLS, "reconstruct," + AE_RGB})
    void wrongInputShapeIs400NamingInputWithBothShapes(String endpoint, String model) throws Exception {
        long[] want = INPUT_SHAPES.get(model);
        long[] sent = {1, 1, want[2] + 1, want[3]};
        HttpResponse<Buffer> res = post("/v1/models/" + model + "/" + endpoint, TensorRecordCodec.MEDIA_TYPE,
                tensorRequest(sent, new float[(int) (sent[2] * sent[3])]));
        assertEquals(400, res.statusCode(), res.bodyAsString());
        assertEquals("input", error(res).getString("field"));
        String message = error(res).getString("message");
        assertTrue(message.contains(Arrays.toString(sent)), message);
        assertTrue(message.contains("[N, 1, " + want[2] + ", " + want[3] + "]"), message);
    }

    @ParameterizedTest
    @CsvSource({"classify," + CLS, "reconstruct," + AE_RGB})
    void garbledOrTruncatedImageIs400NamingTheBody(String endpoint, String model) throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/" + model + "/" + endpoint, "image/png", "definitely not a PNG".getBytes());
        assertEquals(400, res.statusCode(), res.bodyAsString());
        assertEquals("body", error(res).getString("field"));
        assertTrue(error(res).getString("message").contains("not a PNG or JPEG"), res.bodyAsString());

        byte[] png = ImageCodec.encodePng(SegmentationHttpTest.smoothImage(50, 40));
        res = post("/v1/models/" + model + "/" + endpoint, "image/jpeg", Arrays.copyOf(png, png.length / 2));
        assertEquals(400, res.statusCode(), res.bodyAsString());
        assertEquals("body", error(res).getString("field"));
    }

    @ParameterizedTest
    @CsvSource({"classify," + CLS, "reconstruct," + AE_RGB})
    void garbledTensorRecordAndWrongContentTypeNameTheirField(String endpoint, String model) throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/" + model + "/" + endpoint, TensorRecordCodec.MEDIA_TYPE, "FLTX\u0001".getBytes());
        assertEquals(400, res.statusCode(), res.bodyAsString());
        assertEquals("body", error(res).getString("field"));

        res = post("/v1/models/" + model + "/" + endpoint, "text/csv", "1,2,3".getBytes());
        assertEquals(415, res.statusCode(), res.bodyAsString());
        assertEquals("Content-Type", error(res).getString("field"));

        res = post("/v1/models/" + model + "/" + endpoint, "image/png", new byte[0]);
        assertEquals(400, res.statusCode(), res.bodyAsString());
        assertEquals("body", error(res).getString("field"));
    }

    @ParameterizedTest
    @CsvSource({"classify," + CLS, "reconstruct," + AE_RGB})
    void bodyOverTheLimitIs413AndCounted(String endpoint, String model) throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/" + model + "/" + endpoint, "image/png", new byte[(int) BODY_LIMIT + 1]);
        assertEquals(413, res.statusCode(), res.bodyAsString());
        assertEquals("body", error(res).getString("field"));
        assertTrue(error(res).getString("message").contains(Long.toString(BODY_LIMIT)), res.bodyAsString());
        String metrics = await(client.get("/metrics").send()).bodyAsString();
        assertTrue(metrics.contains("flemme_infer_errors_total{endpoint=\"" + endpoint + "\",model=\"" + model + "\",reason=\"body_too_large\"}"),
                metrics);
    }

    // ---- task routing

    @ParameterizedTest
    @CsvSource({
        "classify," + SEG + ",segment",
        "reconstruct," + SEG + ",segment",
        "segment," + CLS + ",classify",
        "reconstruct," + CLS + ",classify",
        "segment," + AE_RGB + ",reconstruct",
        "classify," + AE_GRAY + ",reconstruct"})
    void wrongTaskIs409NamingTheModelsTaskAndEndpoint(String endpoint, String model, String task) throws Exception {
        long[] shape = INPUT_SHAPES.get(model);
        HttpResponse<Buffer> res = post("/v1/models/" + model + "/" + endpoint, TensorRecordCodec.MEDIA_TYPE,
                tensorRequest(shape, new float[(int) (shape[2] * shape[3])]));
        assertEquals(409, res.statusCode(), res.bodyAsString());
        assertEquals("name", error(res).getString("field"));
        String message = error(res).getString("message");
        assertTrue(message.contains("is a " + task + " model"), message);
        assertTrue(message.contains("POST /v1/models/" + model + "/" + task), message);
        String metrics = await(client.get("/metrics").send()).bodyAsString();
        assertTrue(metrics.contains("flemme_infer_errors_total{endpoint=\"" + endpoint + "\",model=\"" + model + "\",reason=\"wrong_task\"}"),
                metrics);
    }

    @Test
    void modelListShowsEachModelsTaskAndEndpoint() throws Exception {
        JsonArray models = await(client.get("/v1/models").send()).bodyAsJsonObject().getJsonArray("models");
        Map<String, String> tasks = new HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            JsonObject m = models.getJsonObject(i);
            tasks.put(m.getString("name"), m.getString("task"));
            assertEquals("/v1/models/" + m.getString("name") + "/" + m.getString("task"), m.getString("endpoint"));
            assertEquals(m.getString("task"), m.getJsonObject("manifest").getString("task"));
        }
        assertEquals(Map.of(SEG, "segment", CLS, "classify", AE_RGB, "reconstruct", AE_GRAY, "reconstruct"), tasks);
        JsonObject one = await(client.get("/v1/models/" + CLS).send()).bodyAsJsonObject();
        assertEquals("classify", one.getString("task"));
        assertNull(one.getJsonObject("error"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"classify", "reconstruct"})
    void unknownModelIs404NamingTheName(String endpoint) throws Exception {
        HttpResponse<Buffer> res = post("/v1/models/nope/" + endpoint, "image/png", new byte[] {1});
        assertEquals(404, res.statusCode());
        assertEquals("name", error(res).getString("field"));
    }
}
