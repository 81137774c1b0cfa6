package dev.flemme4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.protocol.image.FloatImage;
import dev.flemme4j.protocol.image.ImageGrid;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The class-conditional DDIM's real-data check: asks the served model ({@code POST /v1/models/{name}/sample}, tensor
 * format) for {@code perClass} samples of every MNIST class with guidance, classifies them with the MNIST ClM's ONNX
 * export and prints the fraction classified as the requested class; writes one PNG grid per class.
 *
 * <p>Samples live in the DDIM's training range [-1, 1] (Normalize 0.5/0.5); the ClM was trained on
 * Normalize(0.1307, 0.3081) of [0, 1] pixels, so each sample is mapped back to pixels, clipped, and re-normalised.
 *
 * <pre>MnistGuidanceBench SERVING_URL MODEL CLM_ONNX OUT_DIR [perClass=50] [steps=50] [guidance=2]</pre>
 */
public final class MnistGuidanceBench {
    private static final int CLASSES = 10;
    private static final int SIDE = 28;
    private static final double CLM_MEAN = 0.1307;
    private static final double CLM_STD = 0.3081;

    private MnistGuidanceBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: MnistGuidanceBench SERVING_URL MODEL CLM_ONNX OUT_DIR [perClass=50] [steps=50] [guidance=2]");
            System.exit(2);
        }
        String url = args[0] + "/v1/models/" + args[1] + "/sample";
        Path clm = Path.of(args[2]);
        Path out = Path.of(args[3]);
        int perClass = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        int steps = args.length > 5 ? Integer.parseInt(args[5]) : 50;
        double guidance = args.length > 6 ? Double.parseDouble(args[6]) : 2;
        Files.createDirectories(out);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int correct = 0;
        int total = 0;
        int[][] confusion = new int[CLASSES][CLASSES];
        List<BufferedImage> overview = new ArrayList<>();
        long t0 = System.nanoTime();
        try (OrtSession classifier = env.createSession(clm.toString(), new OrtSession.SessionOptions())) {
            for (int k = 0; k < CLASSES; k++) {
                float[] x = sample(http, url, k, perClass, steps, guidance);
                int[] predicted = classify(env, classifier, x, perClass);
                int hits = 0;
                for (int p : predicted) {
                    confusion[k][p]++;
                    hits += p == k ? 1 : 0;
                }
                correct += hits;
                total += perClass;
                Path grid = out.resolve("class-" + k + ".png");
                Files.write(grid, ImageGrid.tilePng(images(x, perClass), 10, 2));
                overview.addAll(images(x, perClass).subList(0, Math.min(10, perClass)));
                System.out.printf(Locale.ROOT, "class %d: %d/%d classified as %d; grid %s%n", k, hits, perClass, k, grid);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path all = out.resolve("all-classes.png");
        Files.write(all, ImageGrid.tilePng(overview, Math.min(10, perClass), 2));
        System.out.println("overview (row k: the first samples of class k): " + all);
        StringBuilder rows = new StringBuilder("confusion (rows: requested class, columns: ClM's class):\n");
        for (int[] row : confusion) {
            for (int v : row) {
                rows.append(String.format(Locale.ROOT, "%4d", v));
            }
            rows.append('\n');
        }
        System.out.print(rows);
        System.out.printf(Locale.ROOT, "guided-accuracy: %.4f (%d/%d samples classified as their requested class; %d per class,"
                + " %d DDIM steps, guidance %s; sampling + classification %.0f s)%n",
                correct / (double) total, correct, total, perClass, steps, guidance, seconds);
    }

    private static float[] sample(HttpClient http, String url, int cls, int n, int steps, double guidance) throws Exception {
        String body = String.format(Locale.ROOT, "{\"n\": %d, \"condition\": %d, \"steps\": %d, \"sampler\": \"ddim\","
                + " \"guidance\": %s, \"eta\": 0, \"seed\": %d, \"format\": \"tensor\"}", n, cls, steps, guidance, 1000 + cls);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        NamedTensor samples = TensorRecordCodec.standard().decode(r.body()).require("samples");
        return samples.toFloatArray();
    }

    /** The ClM's argmax per sample, on the samples mapped from [-1, 1] to the ClM's normalisation. */
    private static int[] classify(OrtEnvironment env, OrtSession clm, float[] x, int n) throws Exception {
        float[] in = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double pixel = Math.min(Math.max((x[i] + 1) / 2, 0), 1);
            in[i] = (float) ((pixel - CLM_MEAN) / CLM_STD);
        }
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {n, 1, SIDE, SIDE});
                OrtSession.Result r = clm.run(Map.of("input", t))) {
            FloatBuffer logits = ((OnnxTensor) r.get(0)).getFloatBuffer();
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < CLASSES; k++) {
                    if (logits.get(i * CLASSES + k) > logits.get(i * CLASSES + best)) {
                        best = k;
                    }
                }
                out[i] = best;
            }
            return out;
        }
    }

    /** The samples as grey pictures, [-1, 1] to black..white. */
    private static List<BufferedImage> images(float[] x, int n) {
        int per = SIDE * SIDE;
        List<BufferedImage> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] px = new float[per];
            for (int j = 0; j < per; j++) {
                px[j] = (float) Math.min(Math.max((x[i * per + j] + 1) / 2, 0), 1);
            }
            images.add(new FloatImage(1, SIDE, SIDE, px).toBufferedImage());
        }
        return images;
    }
}
