package dev.flemme4j.serving;

import static dev.flemme4j.serving.SegmentationHttpTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions swapped in while clients keep sending: no request may fail, every answer must be exactly one
 * version's output (never a mix), and each new version must be seen answering. The figure is 3
 * versions during a 60 s run; {@code -Dreload.seconds=60} runs that, the default keeps the suite short.
 */
class HotReloadUnderLoadTest {

    static final int CLIENTS = 8;
    static final int VERSIONS = 4; // v1 to start with, then 3 swaps
    static final long SECONDS = Long.getLong("reload.seconds", 6);

    @TempDir
    Path root;

    @Test
    void swapsThreeVersionsUnderLoadWithoutAFailedRequest() throws Exception {
        ModelDirs.write(root.resolve("v1"), "m", 1, ModelDirs.tinyModel(1f));
        Vertx vertx = Vertx.vertx();
        ServingServer server = await(ServingServer.start(vertx, ServingOptions.defaults().withPort(0).withModelPollInterval(Duration.ZERO)));
        try {
            await(server.loadModel(root.resolve("v1")));
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
            float[] x = new float[ModelDirs.H * ModelDirs.W];
            java.util.Arrays.fill(x, 0.5f);
            byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("input", new long[] {1, 1, ModelDirs.H, ModelDirs.W}, x)));
            Map<Integer, float[]> expected = new ConcurrentHashMap<>();
            for (int v = 1; v <= VERSIONS; v++) {
                expected.put(v, ModelDirs.tinyModel(v).reference(x, 1));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger(), failed = new AtomicInteger(), wrong = new AtomicInteger();
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                Thread t = new Thread(() -> {
                    try {
                        while (running.get()) {
                            HttpResponse<Buffer> r = await(client.post("/v1/models/m/segment").putHeader("Content-Type", TensorRecordCodec.MEDIA_TYPE)
                                    .sendBuffer(Buffer.buffer(body)));
                            if (r.statusCode() != 200) {
                                failed.incrementAndGet();
                                System.err.println("failed during reload: " + r.statusCode() + " " + r.bodyAsString());
                                continue;
                            }
                            int version = Integer.parseInt(r.getHeader("X-Flemme-Model-Version"));
                            float[] got = TensorRecordCodec.standard().decode(r.body().getBytes()).require("seg_logits").toFloatArray();
                            if (!java.util.Arrays.equals(got, expected.get(version)) && maxDiff(got, expected.get(version)) > 1e-5) {
                                wrong.incrementAndGet();
                            }
                            seen.add(version);
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        e.printStackTrace();
                    } finally {
                        done.countDown();
                    }
                });
                t.setDaemon(true);
                t.start();
            }
            long slice = SECONDS * 1000 / VERSIONS;
            for (int v = 2; v <= VERSIONS; v++) {
                Thread.sleep(slice);
                ModelDirs.write(root.resolve("v" + v), "m", v, ModelDirs.tinyModel(v));
                await(server.loadModel(root.resolve("v" + v)));
            }
            Thread.sleep(slice);
            running.set(false);
            done.await();
            System.out.printf("hot reload: %d ok, %d failed, %d wrong, versions seen %s in %d s%n", ok.get(), failed.get(), wrong.get(), seen, SECONDS);
            assertEquals(0, failed.get(), "failed requests");
            assertEquals(0, wrong.get(), "answers that match no version");
            assertEquals(Set.of(1, 2, 3, 4), seen);
            assertTrue(ok.get() > 100, "load was real: " + ok.get() + " requests");
        } finally {
            await(server.close());
            await(vertx.close());
        }
    }

    static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
