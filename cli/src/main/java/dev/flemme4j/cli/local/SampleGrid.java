package dev.flemme4j.cli.local;

import dev.flemme4j.protocol.diffusion.DiffusionSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What {@code flemme local} shows of a generative model: one PNG grid from the served {@code /sample}, through the
 * same HTTP API a user calls. A class-conditional model is asked for one sample per class (at most 10, in class
 * order), an unconditional one for 8; a model conditioned on tensors (e.g. SDM's input image) has no grid here.
 */
public final class SampleGrid {
    private static final int UNCONDITIONAL = 8;
    private static final int MAX_CLASSES = 10;

    public record Result(Path picture, int samples, double seconds) {
    }

    /** A {@code /sample} body and the number of samples it asks for. */
    public record Request(String json, int samples) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The request for this model's grid, or null when its condition is not a class index. */
    public static Request request(DiffusionSettings s) {
        if (!s.conditional()) {
            return new Request("{\"n\": " + UNCONDITIONAL + ", \"seed\": 1}", UNCONDITIONAL);
        }
        if (s.numClasses() <= 0) {
            return null;
        }
        int n = Math.min(s.numClasses(), MAX_CLASSES);
        String classes = IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return new Request("{\"n\": " + n + ", \"condition\": [" + classes + "], \"seed\": 1}", n);
    }

    /**
     * Posts {@code request} to {@code sampleUrl} and writes what it answers to {@code picture}: the PNG grid, or for a
     * point-cloud latent model the JSON of PLY samples (serving's default format for it).
     */
    public Result run(String sampleUrl, Request request, Path picture) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(sampleUrl)).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.json())).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("POST " + sampleUrl + " answered " + r.statusCode() + ": " + new String(r.body(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.write(picture, r.body());
        return new Result(picture, request.samples(), (System.nanoTime() - t0) / 1e9);
    }
}
