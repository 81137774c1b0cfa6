package dev.flemme4j.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.OnnxExport;
import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.protocol.model.Postprocessing;
import dev.flemme4j.protocol.model.Task;
import dev.flemme4j.protocol.model.TensorSpec;
import dev.flemme4j.protocol.tensor.DType;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import dev.flemme4j.serving.api.InferenceMetrics;
import dev.flemme4j.serving.batching.BatchPolicy;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serving benchmarks, one run, ratios printed at the end:
 * <ol>
 *   <li>overhead: HTTP /segment (tensor record, batch 1, one client) against a bare in-process {@code session.run}
 *       on the same ONNX file and input, interleaved rounds; p50/p99 of both and the difference;
 *   <li>ORT vs DJL eager: the same weights, batch 1 and 16, median latency ratio;
 *   <li>dynamic batching: 32 closed-loop HTTP clients for a fixed time, batching on against off.
 * </ol>
 * The model is model-zoo's SeM/UNet (the reference config), exported by model-zoo's own ONNX exporter.
 * Arguments: {@code --size=256 --batch-size=64 --rounds=5 --reps=20 --clients=32 --seconds=15 --max-batch=16 --max-delay-ms=2}.
 */
public final class ServingBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = TrainStepBench.parseArgs(args);
        int size = TrainStepBench.intArg(a, "size", 256);
        int batchSize = TrainStepBench.intArg(a, "batch-size", 64);
        int rounds = TrainStepBench.intArg(a, "rounds", 5);
        int reps = TrainStepBench.intArg(a, "reps", 20);
        int clients = TrainStepBench.intArg(a, "clients", 32);
        int seconds = TrainStepBench.intArg(a, "seconds", 15);
        int maxBatch = TrainStepBench.intArg(a, "max-batch", 16);
        int maxDelayMs = TrainStepBench.intArg(a, "max-delay-ms", 2);
        String only = a.getOrDefault("only", "overhead,djl,batching");
        Path work = Files.createTempDirectory("flemme-serving-bench");
        List<String> summary = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();

        if (only.contains("overhead") || only.contains("djl")) {
            try (FlemmeModel model = unet(size)) {
                Path dir = export(model, work.resolve("unet" + size), "unet" + size);
                if (only.contains("overhead")) {
                    report(summary, overhead(env, dir, size, rounds, reps));
                }
                if (only.contains("djl")) {
                    report(summary, ortVsDjl(env, model, dir, size, Math.max(3, reps / 2)));
                }
            }
        }
        if (only.contains("batching")) {
            try (FlemmeModel model = unet(batchSize)) {
                Path dir = export(model, work.resolve("unet" + batchSize), "unet" + batchSize);
                report(summary, perSampleCurve(env, dir, batchSize, maxBatch, Math.max(5, reps / 2)));
                report(summary, batching(dir, batchSize, clients, seconds, maxBatch, maxDelayMs));
            }
        }
        System.out.println();
        System.out.println("=== serving bench summary (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
        summary.forEach(System.out::println);
        System.exit(0);
    }

    // each result as soon as it is measured, so a long run interrupted still leaves what it got
    static void report(List<String> summary, List<String> lines) {
        lines.forEach(l -> System.out.println("RESULT " + l));
        summary.addAll(lines);
    }

    static FlemmeModel unet(int size) {
        return ModelFactory.create(ModelSpecs.parse(TrainStepBench.modelSection(
                "model: {name: SeM, encoder: {name: UNet, image_size: [" + size + ", " + size + "], in_channel: 1, out_channel: 1,"
                        + " patch_channel: 32, patch_size: 2, down_channels: [64, 128], middle_channels: [256, 256],"
                        + " building_block: single, normalization: batch}, segmentation_losses: [{name: Dice}, {name: BCEL}]}")), Device.cpu());
    }

    static Path export(FlemmeModel model, Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path onnx = dir.resolve(ModelManifest.DEFAULT_ONNX_FILE);
        OnnxExport.export(model, onnx);
        long[] in = model.inputShape(1).getShape().clone();
        long[] out = model.outputShape(1).getShape().clone();
        in[0] = TensorSpec.DYNAMIC;
        out[0] = TensorSpec.DYNAMIC;
        ModelManifest.builder().setName(name).setArchitecture("SeM").setTask(Task.SEGMENT)
                .setInputs(TensorSpec.of(OnnxExport.INPUT, DType.FLOAT32, in))
                .setOutputs(TensorSpec.of(model.outputNames().get(0), DType.FLOAT32, out))
                .optPostprocessing(Postprocessing.sigmoidThreshold(0.5))
                .setSha256Of(onnx).build().write(dir);
        System.err.println("exported " + name + " (" + model.parameterCount() + " parameters) to " + dir);
        return dir;
    }

    static float[] input(int n, int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * size * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static double pct(List<Long> nanos, double p) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i))) / 1e6;
    }

    // ------------------------------------------------------------------ 1. overhead

    static List<String> overhead(OrtEnvironment env, Path dir, int size, int rounds, int reps) throws Exception {
        float[] x = input(1, size, 1);
        byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("input", new long[] {1, 1, size, size}, x)));
        Vertx vertx = Vertx.vertx();
        ServingServer server = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(dir.getParent()).withPort(0)
                .withModelPollInterval(Duration.ZERO).withBatching(BatchPolicy.DEFAULT)).await(120, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/models/" + dir.getFileName() + "/segment");
        List<Long> bare = new ArrayList<>(), served = new ArrayList<>(), echoed = new ArrayList<>(), rawServed = new ArrayList<>(), rawEchoed = new ArrayList<>();
        Map<String, double[]> phasesBefore = Map.of(), phasesAfter = Map.of();
        byte[] reply = post(http, uri, body);
        io.vertx.core.http.HttpServer echo = echoServer(vertx, reply);
        URI echoUri = URI.create("http://127.0.0.1:" + echo.actualPort() + "/echo");
        String path = uri.getPath();
        try (RawHttpClient raw = new RawHttpClient("127.0.0.1", server.port()); RawHttpClient rawEcho = new RawHttpClient("127.0.0.1", echo.actualPort());
                OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(Files.readAllBytes(dir.resolve("model.onnx")), o)) {
                for (int i = 0; i < 5; i++) { // warm both
                    bareRun(env, session, x, size);
                    post(http, uri, body);
                    raw.post(path, TensorRecordCodec.MEDIA_TYPE, body);
                    rawEcho.post("/echo", TensorRecordCodec.MEDIA_TYPE, body);
                }
                phasesBefore = phaseTotals(server);
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        bareRun(env, session, x, size);
                        bare.add(System.nanoTime() - t0);
                    }
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        post(http, uri, body);
                        served.add(System.nanoTime() - t0);
                    }
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        raw.post(path, TensorRecordCodec.MEDIA_TYPE, body);
                        rawServed.add(System.nanoTime() - t0);
                    }
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        post(http, echoUri, body);
                        echoed.add(System.nanoTime() - t0);
                        t0 = System.nanoTime();
                        rawEcho.post("/echo", TensorRecordCodec.MEDIA_TYPE, body);
                        rawEchoed.add(System.nanoTime() - t0);
                    }
                }
                phasesAfter = phaseTotals(server);
            }
        } finally {
            echo.close().await(10, TimeUnit.SECONDS);
            server.close().await(30, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("transport floor (Vert.x route that reads the %d-byte body and answers %d bytes, no model): java.net.http p50 %.2f ms p99 %.2f ms | raw socket p50 %.2f ms p99 %.2f ms",
                body.length, reply.length, pct(echoed, 50), pct(echoed, 99), pct(rawEchoed, 50), pct(rawEchoed, 99)));
        lines.add("server phases, mean per request over the measured runs (flemme_infer_phase_seconds): " + phaseLine(phasesBefore, phasesAfter));
        String label = "overhead " + size + "x" + size + " UNet, batch 1, " + bare.size() + " runs each";
        lines.add(label + String.format(", raw-socket client: HTTP /segment p50 %.2f ms p99 %.2f ms | added p50 %+.2f ms p99 %+.2f ms (goal p99 <= +1 ms)",
                pct(rawServed, 50), pct(rawServed, 99), pct(rawServed, 50) - pct(bare, 50), pct(rawServed, 99) - pct(bare, 99)));
        lines.add(label + String.format(", java.net.http client: bare session.run p50 %.2f ms p99 %.2f ms | HTTP /segment p50 %.2f ms p99 %.2f ms | added p50 %+.2f ms p99 %+.2f ms (goal p99 <= +1 ms)",
                pct(bare, 50), pct(bare, 99), pct(served, 50), pct(served, 99), pct(served, 50) - pct(bare, 50), pct(served, 99) - pct(bare, 99)));
        return lines;
    }

    /** phase name to {count, total ms} of the server's flemme.infer.phase timers. */
    static Map<String, double[]> phaseTotals(ServingServer server) {
        Map<String, double[]> out = new java.util.TreeMap<>();
        for (io.micrometer.core.instrument.Timer t : server.meterRegistry().find(InferenceMetrics.PHASE_METER).timers()) {
            out.put(t.getId().getTag("phase"), new double[] {t.count(), t.totalTime(TimeUnit.MILLISECONDS)});
        }
        return out;
    }

    static String phaseLine(Map<String, double[]> before, Map<String, double[]> after) {
        List<String> order = List.of(InferenceMetrics.BODY_READ, InferenceMetrics.CPU_QUEUE, InferenceMetrics.DECODE, InferenceMetrics.BATCH_WAIT,
                InferenceMetrics.ORT_RUN, InferenceMetrics.ENCODE, InferenceMetrics.REPLY_HOP, InferenceMetrics.WRITE);
        StringBuilder b = new StringBuilder();
        double requests = 0;
        double[] bw = after.get(InferenceMetrics.BODY_READ), bw0 = before.get(InferenceMetrics.BODY_READ);
        if (bw != null) {
            requests = bw[0] - (bw0 == null ? 0 : bw0[0]);
        }
        for (String phase : order) {
            double[] a = after.get(phase), z = before.getOrDefault(phase, new double[2]);
            if (a == null || requests <= 0) {
                continue;
            }
            b.append(String.format("%s %.3f ms, ", phase, (a[1] - z[1]) / requests));
        }
        return b.append(String.format("(%d requests)", (long) requests)).toString();
    }

    /** A route with no model behind it: reads the whole body and answers {@code reply}, i.e. what HTTP itself costs this client and Vert.x. */
    static io.vertx.core.http.HttpServer echoServer(Vertx vertx, byte[] reply) throws Exception {
        io.vertx.core.buffer.Buffer answer = io.vertx.core.buffer.Buffer.buffer(reply);
        return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> req.response()
                .putHeader("Content-Type", TensorRecordCodec.MEDIA_TYPE).end(answer.copy()))).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    static void bareRun(OrtEnvironment env, OrtSession session, float[] x, int size) throws Exception {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 1, size, size});
                OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, t))) {
            ((OnnxTensor) r.get(0)).getFloatBuffer();
        }
    }

    static byte[] post(HttpClient http, URI uri, byte[] body) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", TensorRecordCodec.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
        }
        return r.body();
    }

    // ------------------------------------------------------------------ 2. ORT vs DJL

    static List<String> ortVsDjl(OrtEnvironment env, FlemmeModel model, Path dir, int size, int reps) throws Exception {
        List<String> out = new ArrayList<>();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(Files.readAllBytes(dir.resolve("model.onnx")), o);
                    NDManager root = NDManager.newBaseManager(Device.cpu(), ModelFactory.ENGINE)) {
                for (int batch : new int[] {1, 16}) {
                    float[] x = input(batch, size, 2);
                    long[] shape = {batch, 1, size, size};
                    List<Long> ort = new ArrayList<>(), djl = new ArrayList<>();
                    int n = batch == 1 ? reps : Math.max(3, reps / 4);
                    for (int i = -2; i < n; i++) { // two warm-up runs each, interleaved
                        long t0 = System.nanoTime();
                        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                                OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, t))) {
                            ((OnnxTensor) r.get(0)).getFloatBuffer();
                        }
                        long t1 = System.nanoTime();
                        try (NDManager m = root.newSubManager()) {
                            NDArray in = m.create(x, new Shape(shape));
                            model.predict(in).toFloatArray();
                        }
                        long t2 = System.nanoTime();
                        if (i >= 0) {
                            ort.add(t1 - t0);
                            djl.add(t2 - t1);
                        }
                    }
                    out.add(String.format("ORT vs DJL eager %dx%d UNet batch %d (%d runs): ORT p50 %.1f ms, DJL p50 %.1f ms, ratio ORT/DJL %.2f (goal <= 0.5)",
                            size, size, batch, n, pct(ort, 50), pct(djl, 50), pct(ort, 50) / pct(djl, 50)));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ 3. dynamic batching

    static List<String> batching(Path dir, int size, int clients, int seconds, int maxBatch, int maxDelayMs) throws Exception {
        double[] off = load(dir, size, clients, seconds, BatchPolicy.OFF.withMaxQueued(clients * 2));
        double[] on = load(dir, size, clients, seconds, new BatchPolicy(maxBatch, Duration.ofMillis(maxDelayMs), clients * 2));
        return List.of(
                String.format("batching off, %d clients, %dx%d UNet: %.1f req/s, p50 %.1f ms, p99 %.1f ms, %d requests, %d errors", clients, size, size, off[0], off[1], off[2], (long) off[3], (long) off[4]),
                String.format("batching on (max_batch %d, max_delay %d ms): %.1f req/s, p50 %.1f ms, p99 %.1f ms, %d requests, %d errors", maxBatch, maxDelayMs, on[0], on[1], on[2], (long) on[3], (long) on[4]),
                String.format("batching on/off: throughput x%.2f (goal >= 3), p99 x%.2f (goal <= 2)", on[0] / off[0], on[2] / off[2]));
    }

    /**
     * Bare ORT time per sample at batch 1, 2, 4, ... maxBatch (same session options as serving): batching can win
     * at most per-sample(1) / per-sample(maxBatch) over one-at-a-time runs, whatever the batcher does.
     */
    static List<String> perSampleCurve(OrtEnvironment env, Path dir, int size, int maxBatch, int reps) throws Exception {
        StringBuilder curve = new StringBuilder();
        double first = 0, last = 0;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(Files.readAllBytes(dir.resolve("model.onnx")), o)) {
                for (int batch = 1; batch <= maxBatch; batch *= 2) {
                    float[] x = input(batch, size, 4);
                    long[] shape = {batch, 1, size, size};
                    List<Long> t = new ArrayList<>();
                    for (int i = -2; i < reps; i++) {
                        long t0 = System.nanoTime();
                        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                                OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
                            ((OnnxTensor) r.get(0)).getFloatBuffer();
                        }
                        if (i >= 0) {
                            t.add(System.nanoTime() - t0);
                        }
                    }
                    double perSample = pct(t, 50) / batch;
                    first = batch == 1 ? perSample : first;
                    last = perSample;
                    curve.append(String.format("%s%d: %.2f", batch == 1 ? "" : ", ", batch, perSample));
                }
            }
        }
        return List.of(String.format("ORT per-sample cost %dx%d UNet, ms/sample by batch (p50 of %d runs): %s -> batching ceiling x%.2f over batch-1 runs",
                size, size, reps, curve, first / last));
    }

    /** {throughput, p50 ms, p99 ms, requests, errors} of {@code clients} closed-loop clients for {@code seconds}. */
    static double[] load(Path dir, int size, int clients, int seconds, BatchPolicy policy) throws Exception {
        float[] x = input(1, size, 3);
        byte[] body = TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("input", new long[] {1, 1, size, size}, x)));
        Vertx vertx = Vertx.vertx();
        ServingServer server = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(dir.getParent()).withPort(0)
                .withModelPollInterval(Duration.ZERO).withInference(4, 256).withBatching(policy)).await(120, TimeUnit.SECONDS);
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/models/" + dir.getFileName() + "/segment");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long[] errors = {0};
        AtomicBoolean measuring = new AtomicBoolean(false), running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                post(http, uri, body);
            }
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        long t0 = System.nanoTime();
                        try {
                            post(http, uri, body);
                            if (measuring.get()) {
                                latencies.add(System.nanoTime() - t0);
                            }
                        } catch (Exception e) {
                            synchronized (errors) {
                                errors[0]++;
                            }
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            Thread.sleep(Math.min(3000, seconds * 200L)); // ramp up
            measuring.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            running.set(false);
            for (Thread t : threads) {
                t.join(60_000);
            }
            List<Long> l = new ArrayList<>(latencies);
            return new double[] {l.size() / elapsed, pct(l, 50), pct(l, 99), l.size(), errors[0]};
        } finally {
            server.close().await(30, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
