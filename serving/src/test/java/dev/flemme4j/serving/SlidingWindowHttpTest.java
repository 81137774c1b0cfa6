package dev.flemme4j.serving;

import static dev.flemme4j.serving.SegmentationHttpTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.batching.BatchPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs larger than the model go through /segment window by window: the whole-image logits must equal a
 * reference made by plain loops here (window origins, the convolution on each zero-padded window, Gaussian or
 * uniform weights, weighted average), to 1e-5.
 */
class SlidingWindowHttpTest {

    static final ConvModel MODEL_2D = new ConvModel(new int[] {128, 128}, 1, 7);
    static final ConvModel MODEL_3D = new ConvModel(new int[] {16, 16, 16}, 2, 11);

    @TempDir
    static Path root;
    static Vertx vertx;
    static ServingServer server;
    static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        MODEL_2D.write(root.resolve("seg2d"), "seg2d", 1);
        MODEL_3D.write(root.resolve("seg3d"), "seg3d", 1);
        vertx = Vertx.vertx();
        server = await(ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(root).withPort(0)
                .withBatching(new BatchPolicy(8, Duration.ZERO, 64)).withModelPollInterval(Duration.ZERO)));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        await(server.close());
        await(vertx.close());
    }

    static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Window origins along one axis, written independently: every stride, the last one flush with the end. */
    static List<Integer> origins(int size, int win, double overlap) {
        int stride = Math.max(1, (int) Math.floor(win * (1 - overlap)));
        List<Integer> out = new ArrayList<>();
        for (int s = 0; ; s += stride) {
            if (s + win >= size) {
                out.add(size - win);
                return out;
            }
            out.add(s);
        }
    }

    static double weight(int[] idx, int[] win, boolean gaussian) {
        if (!gaussian) {
            return 1;
        }
        double w = 1;
        for (int a = 0; a < win.length; a++) {
            double sigma = win[a] / 8.0, c = (win[a] - 1) / 2.0;
            w *= Math.exp(-(idx[a] - c) * (idx[a] - c) / (2 * sigma * sigma));
        }
        return Math.max(w, 1e-6);
    }

    /** The straightforward loop: for each window, crop, run the reference convolution, accumulate weighted. */
    static double[] reference(ConvModel m, float[] x, int[] size, double overlap, boolean gaussian) {
        int d = size.length;
        int[] win = m.window;
        int plane = 1;
        for (int s : size) {
            plane *= s;
        }
        double[] acc = new double[m.classes * plane];
        double[] norm = new double[plane];
        List<Integer> oz = d == 3 ? origins(size[0], win[0], overlap) : List.of(0);
        List<Integer> oy = origins(size[d - 2], win[d - 2], overlap);
        List<Integer> ox = origins(size[d - 1], win[d - 1], overlap);
        int wz = d == 3 ? win[0] : 1, wy = win[d - 2], wx = win[d - 1];
        int sy = size[d - 2], sx = size[d - 1];
        for (int z0 : oz) {
            for (int y0 : oy) {
                for (int x0 : ox) {
                    float[] crop = new float[wz * wy * wx];
                    for (int z = 0; z < wz; z++) {
                        for (int y = 0; y < wy; y++) {
                            for (int xx = 0; xx < wx; xx++) {
                                crop[(z * wy + y) * wx + xx] = x[((z0 + z) * sy + y0 + y) * sx + x0 + xx];
                            }
                        }
                    }
                    double[] out = m.reference(crop, win);
                    int wplane = wz * wy * wx;
                    for (int z = 0; z < wz; z++) {
                        for (int y = 0; y < wy; y++) {
                            for (int xx = 0; xx < wx; xx++) {
                                double w = weight(d == 3 ? new int[] {z, y, xx} : new int[] {y, xx}, win, gaussian);
                                int p = ((z0 + z) * sy + y0 + y) * sx + x0 + xx;
                                norm[p] += w;
                                for (int k = 0; k < m.classes; k++) {
                                    acc[k * plane + p] += w * out[k * wplane + (z * wy + y) * wx + xx];
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int k = 0; k < m.classes; k++) {
            for (int p = 0; p < plane; p++) {
                acc[k * plane + p] /= norm[p];
            }
        }
        return acc;
    }

    static NamedTensor segment(String model, long[] shape, float[] x, String query) throws Exception {
        byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("input", shape, x)));
        HttpResponse<Buffer> r = await(client.post("/v1/models/" + model + "/segment" + query)
                .putHeader("Content-Type", TensorRecordCodec.MEDIA_TYPE).sendBuffer(Buffer.buffer(body)));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return TensorRecordCodec.standard().decode(r.body().getBytes()).require("seg_logits");
    }

    static void assertClose(double[] want, float[] got, double tol) {
        assertEquals(want.length, got.length);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        assertTrue(worst <= tol, "max |diff| " + worst + " > " + tol);
    }

    @Test
    void image512Through128ModelEqualsTheReferenceLoopGaussian() throws Exception {
        int[] size = {512, 512};
        float[] x = noise(512 * 512, 1);
        NamedTensor logits = segment("seg2d", new long[] {1, 1, 512, 512}, x, "");
        assertArrayEquals(new long[] {1, 1, 512, 512}, logits.shape());
        assertClose(reference(MODEL_2D, x, size, 0.25, true), logits.toFloatArray(), 1e-5);
    }

    @Test
    void uniformBlendingAndAnotherOverlap() throws Exception {
        int[] size = {300, 200};
        float[] x = noise(300 * 200, 2);
        NamedTensor logits = segment("seg2d", new long[] {1, 1, 300, 200}, x, "?overlap=0.5&blend=uniform");
        assertClose(reference(MODEL_2D, x, size, 0.5, false), logits.toFloatArray(), 1e-5);
    }

    @Test
    void volumeThroughA16CubedModel() throws Exception {
        int[] size = {40, 24, 36};
        float[] x = noise(40 * 24 * 36, 3);
        NamedTensor logits = segment("seg3d", new long[] {1, 1, 40, 24, 36}, x, "?overlap=0.5");
        assertArrayEquals(new long[] {1, 2, 40, 24, 36}, logits.shape());
        assertClose(reference(MODEL_3D, x, size, 0.5, true), logits.toFloatArray(), 1e-5);
    }

    @Test
    void inputOfTheModelSizeIsOneRunAndSmallerIsRefused() throws Exception {
        float[] x = noise(128 * 128, 4);
        NamedTensor logits = segment("seg2d", new long[] {1, 1, 128, 128}, x, "");
        assertClose(MODEL_2D.reference(x, new int[] {128, 128}), logits.toFloatArray(), 1e-5);
        byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("input", new long[] {1, 1, 100, 300}, noise(30000, 5))));
        HttpResponse<Buffer> r = await(client.post("/v1/models/seg2d/segment").putHeader("Content-Type", TensorRecordCodec.MEDIA_TYPE)
                .sendBuffer(Buffer.buffer(body)));
        assertEquals(400, r.statusCode());
        assertEquals("input", r.bodyAsJsonObject().getJsonObject("error").getString("field"));
    }
}
