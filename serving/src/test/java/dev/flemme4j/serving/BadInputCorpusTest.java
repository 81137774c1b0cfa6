package dev.flemme4j.serving;

import static dev.flemme4j.serving.SegmentationHttpTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.observability.auth.BearerTokens;
import dev.flemme4j.protocol.image.ImageCodec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests a client can get wrong, each with the status and the {@code error.field} it must get — and after
 * each one the server still answers /health and a good request. Auth is on, so every case but the token cases
 * carries a valid token.
 */
class BadInputCorpusTest {

    static final String TOKEN = "corpus-token-0123456789";
    static final String SEG = "seg";
    static final String CLS = "cls";
    static final long BODY_LIMIT = 1024 * 1024;
    static final long MAX_ELEMENTS = 100_000;

    @TempDir
    static Path root;
    static Vertx vertx;
    static ServingServer server;
    static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        ModelDirs.write(root.resolve("seg"), SEG, 1, ModelDirs.tinyModel(0.05f));
        int h = 8, w = 8;
        float[] weights = new float[h * w * 3];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (i % 7 - 3) * 0.01f;
        }
        ModelDirs.write(root.resolve("cls"), CLS, new TinyClassifier(h, w, weights, new float[] {0.1f, -0.2f, 0.05f}));
        vertx = Vertx.vertx();
        server = await(ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(root).withPort(0)
                .withMaxBodyBytes(BODY_LIMIT).withMaxTensorElements(MAX_ELEMENTS).withTokens(BearerTokens.of(TOKEN))
                .withModelPollInterval(Duration.ZERO)));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        await(server.close());
        await(vertx.close());
    }

    record Case(String name, String path, String contentType, byte[] body, MultiMap headers, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static MultiMap auth() {
        return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + TOKEN);
    }

    static Case c(String name, String path, String type, byte[] body, int status, String field) {
        return new Case(name, path, type, body, auth(), status, field);
    }

    static byte[] record(NamedTensor... t) {
        return TensorRecordCodec.standard().encode(TensorRecord.of(t));
    }

    static byte[] floats(long... shape) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] x = new float[(int) n];
        Arrays.fill(x, 0.25f);
        return record(NamedTensor.ofFloats("input", shape, x));
    }

    static byte[] goodPng() {
        return ImageCodec.encodePng(SegmentationHttpTest.smoothImage(ModelDirs.W, ModelDirs.H));
    }

    static byte[] goodTensor() {
        return floats(1, 1, ModelDirs.H, ModelDirs.W);
    }

    /** A record by hand: magic, version, one tensor "input" of float32 with {@code shape} and {@code dataBytes} bytes of data. */
    static byte[] handRecord(byte[] magic, int version, long[] shape, long declaredLen, int dataBytes, int dtypeCode, byte[] name) {
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 2 + 2 + name.length + 2 + 8 * shape.length + 8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic).put((byte) version).putShort((short) 1).putShort((short) name.length).put(name).put((byte) dtypeCode).put((byte) shape.length);
        for (long d : shape) {
            b.putLong(d);
        }
        b.putLong(declaredLen);
        return b.array();
    }

    static final byte[] FLTR = "FLTR".getBytes(StandardCharsets.US_ASCII);
    static final byte[] INPUT = "input".getBytes(StandardCharsets.UTF_8);

    /** A PNG whose IHDR declares {@code w}×{@code h} and that holds nothing else. */
    static byte[] pngHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static Stream<Case> corpus() {
        String seg = "/v1/models/" + SEG + "/segment";
        String cls = "/v1/models/" + CLS + "/classify";
        String T = TensorRecordCodec.MEDIA_TYPE;
        byte[] png = goodPng();
        List<Case> cases = new ArrayList<>();
        // authentication
        cases.add(new Case("no token", seg, "image/png", png, MultiMap.caseInsensitiveMultiMap(), 401, "Authorization"));
        cases.add(new Case("wrong token", seg, "image/png", png, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer nope-nope-nope-nope"), 401, "Authorization"));
        cases.add(new Case("empty bearer", seg, "image/png", png, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer "), 401, "Authorization"));
        cases.add(new Case("basic scheme", seg, "image/png", png, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Basic " + TOKEN), 401, "Authorization"));
        cases.add(new Case("token prefix only", seg, "image/png", png, MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + TOKEN.substring(0, 10)), 401, "Authorization"));
        // routing and model
        cases.add(c("unknown model", "/v1/models/nope/segment", "image/png", png, 404, "name"));
        cases.add(c("wrong task", "/v1/models/" + SEG + "/classify", "image/png", png, 409, "name"));
        cases.add(c("unknown endpoint", "/v1/models/" + SEG + "/explode", "image/png", png, 404, "path"));
        // media type and body
        cases.add(c("no content type", seg, null, png, 415, "Content-Type"));
        cases.add(c("text/plain", seg, "text/plain", "hello".getBytes(StandardCharsets.UTF_8), 415, "Content-Type"));
        cases.add(c("malformed JSON", seg, "application/json", "{\"input\": [1, 2,".getBytes(StandardCharsets.UTF_8), 415, "Content-Type"));
        cases.add(c("empty PNG", seg, "image/png", new byte[0], 400, "body"));
        cases.add(c("truncated PNG", seg, "image/png", Arrays.copyOf(png, 40), 400, "body"));
        cases.add(c("PNG garbage", seg, "image/png", "not a png at all, just text".getBytes(StandardCharsets.UTF_8), 400, "body"));
        cases.add(c("JPEG garbage", seg, "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3}, 400, "body"));
        cases.add(c("PNG declaring 100000x100000", seg, "image/png", pngHeader(100_000, 100_000), 400, "body"));
        cases.add(c("oversized body", seg, T, new byte[(int) BODY_LIMIT + 1], 413, "body"));
        // tensor records
        cases.add(c("bad magic", seg, T, handRecord("FLTX".getBytes(StandardCharsets.US_ASCII), 1, new long[] {1}, 4, 0, 1, INPUT), 400, "body"));
        cases.add(c("wrong record version", seg, T, handRecord(FLTR, 9, new long[] {1}, 4, 0, 1, INPUT), 400, "body"));
        cases.add(c("truncated record", seg, T, Arrays.copyOf(goodTensor(), 30), 400, "body"));
        cases.add(c("huge declared shape, tiny body", seg, T, handRecord(FLTR, 1, new long[] {1 << 20, 1 << 20, 1 << 20}, 0, 0, 1, INPUT), 400, "body"));
        cases.add(c("data length contradicts shape", seg, T, handRecord(FLTR, 1, new long[] {2, 2}, 4, 0, 1, INPUT), 400, "body"));
        cases.add(c("unknown dtype", seg, T, handRecord(FLTR, 1, new long[] {1}, 4, 0, 99, INPUT), 400, "body"));
        cases.add(c("name not UTF-8", seg, T, handRecord(FLTR, 1, new long[] {1}, 4, 0, 1, new byte[] {(byte) 0xC3, (byte) 0x28}), 400, "body"));
        byte[] trailing = Arrays.copyOf(goodTensor(), goodTensor().length + 3);
        cases.add(c("trailing bytes", seg, T, trailing, 400, "body"));
        cases.add(c("no 'input' tensor", seg, T, record(NamedTensor.ofFloats("image", new long[] {1, 1, ModelDirs.H, ModelDirs.W}, new float[ModelDirs.H * ModelDirs.W])), 400, "body"));
        cases.add(c("int64 input", seg, T, record(NamedTensor.ofLongs("input", new long[] {1, 1, ModelDirs.H, ModelDirs.W}, new long[ModelDirs.H * ModelDirs.W])), 400, "input"));
        cases.add(c("wrong rank", seg, T, floats(1, ModelDirs.H, ModelDirs.W), 400, "input"));
        cases.add(c("wrong channels", seg, T, floats(1, 3, ModelDirs.H, ModelDirs.W), 400, "input"));
        cases.add(c("smaller than the model", seg, T, floats(1, 1, ModelDirs.H - 1, ModelDirs.W), 400, "input"));
        cases.add(c("classifier wrong size", cls, T, floats(1, 1, 9, 8), 400, "input"));
        cases.add(c("empty batch", seg, T, floats(0, 1, ModelDirs.H, ModelDirs.W), 400, "input"));
        float[] nan = new float[ModelDirs.H * ModelDirs.W];
        nan[17] = Float.NaN;
        cases.add(c("NaN value", seg, T, record(NamedTensor.ofFloats("input", new long[] {1, 1, ModelDirs.H, ModelDirs.W}, nan)), 400, "input"));
        float[] inf = new float[ModelDirs.H * ModelDirs.W];
        inf[3] = Float.POSITIVE_INFINITY;
        cases.add(c("+Inf value", seg, T, record(NamedTensor.ofFloats("input", new long[] {1, 1, ModelDirs.H, ModelDirs.W}, inf)), 400, "input"));
        cases.add(c("too many elements", seg, T, floats(1, 1, 400, 300), 413, "input"));
        // parameters and headers
        cases.add(c("bad output parameter", seg + "?output=everything", T, goodTensor(), 400, "output"));
        cases.add(c("bad overlap", seg + "?overlap=2", T, goodTensor(), 400, "overlap"));
        cases.add(c("overlap not a number", seg + "?overlap=half", T, goodTensor(), 400, "overlap"));
        cases.add(c("bad blend", seg + "?blend=cubic", T, goodTensor(), 400, "blend"));
        cases.add(c("bad size parameter", seg + "?size=huge", "image/png", png, 400, "size"));
        MultiMap pinned = auth().add("X-Flemme-Model-Version", "7");
        cases.add(new Case("pinned version not served", seg, "image/png", png, pinned, 409, "version"));
        MultiMap badPin = auth().add("X-Flemme-Model-Version", "latest");
        cases.add(new Case("version header not a number", seg, "image/png", png, badPin, 400, "X-Flemme-Model-Version"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedWithTheRightStatusAndFieldAndTheServerStaysUp(Case k) throws Exception {
        HttpRequest<Buffer> req = client.request(HttpMethod.POST, k.path()).putHeaders(k.headers());
        if (k.contentType() != null) {
            req.putHeader("Content-Type", k.contentType());
        }
        HttpResponse<Buffer> r = await(req.sendBuffer(Buffer.buffer(k.body())));
        assertEquals(k.status(), r.statusCode(), k.name() + ": " + r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals(k.field(), error.getString("field"), k.name() + ": " + error);
        assertTrue(!error.getString("message").isBlank());
        if (k.status() == 401) {
            assertEquals("Bearer", r.getHeader("WWW-Authenticate"));
        }
        assertEquals(200, await(client.get("/health").send()).statusCode(), "health after " + k.name());
        HttpResponse<Buffer> good = await(client.post("/v1/models/" + SEG + "/segment").putHeaders(auth())
                .putHeader("Content-Type", TensorRecordCodec.MEDIA_TYPE).sendBuffer(Buffer.buffer(goodTensor())));
        assertEquals(200, good.statusCode(), "a good request after " + k.name());
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(corpus().count() >= 30);
    }

    @Test
    void healthNeedsNoTokenButModelsAndMetricsDo() throws Exception {
        assertEquals(200, await(client.get("/health").send()).statusCode());
        assertEquals(401, await(client.get("/v1/models").send()).statusCode());
        assertEquals(401, await(client.get("/metrics").send()).statusCode());
        assertEquals(200, await(client.get("/v1/models").putHeaders(auth()).send()).statusCode());
    }
}
