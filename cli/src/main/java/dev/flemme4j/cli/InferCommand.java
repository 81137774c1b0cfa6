package dev.flemme4j.cli;

import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import dev.flemme4j.serving.kafka.InferHeaders;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "infer", mixinStandardHelpOptions = true,
        header = "Run a served model on files: PNG/JPEG images or tensor records (.fltr).",
        description = {"Sends every FILE to the serving process (HTTP, or Kafka with --kafka) and writes the answer next",
                "to it as FILE-stem.MODEL.{png,json,fltr} (a PNG mask or reconstruction, JSON class probabilities, or a",
                "tensor record). Several files are sent concurrently, so serving batches them; a bar shows progress.",
                "Exit code 1 when any file failed (each failure is printed with the server's error)."})
final class InferCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "model name, as listed by GET /v1/models")
    String model;

    @Parameters(index = "1..*", arity = "1..*", description = "input files (.png, .jpg, .jpeg, .fltr)")
    List<Path> files;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8090", description = "serving base URL (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token", description = "bearer token (default: $FLEMME_AUTH_TOKEN when set)")
    String token;

    @Option(names = "--kafka", description = "send over Kafka (flemme.infer.requests / responses, --bootstrap) instead of HTTP")
    boolean kafka;

    @Mixin
    KafkaClientOptions kafkaOptions;

    @Option(names = "--parallel", defaultValue = "8", description = "requests in flight at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--timeout-s", defaultValue = "120", description = "give up on a file after this long (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    record Answer(int status, String contentType, byte[] body) {
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        if (token == null) {
            token = System.getenv("FLEMME_AUTH_TOKEN");
        }
        Map<Path, String> types = new HashMap<>();
        for (Path f : files) {
            String t = contentType(f);
            if (t == null || !Files.isRegularFile(f)) {
                err.println(f + ": not a readable .png/.jpg/.jpeg/.fltr file");
                return 2;
            }
            types.put(f, t);
        }
        AtomicInteger done = new AtomicInteger(), failed = new AtomicInteger();
        Progress progress = new Progress(err, files.size());
        try (Transport transport = kafka ? new KafkaTransport() : new HttpTransport()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
            List<Future<?>> jobs = new ArrayList<>();
            for (Path f : files) {
                jobs.add(pool.submit(() -> {
                    try {
                        Answer a = transport.send(Files.readAllBytes(f), types.get(f));
                        if (a.status() != 200) {
                            failed.incrementAndGet();
                            progress.println(f + ": HTTP " + a.status() + " " + new String(a.body(), StandardCharsets.UTF_8));
                        } else {
                            Files.write(output(f, a.contentType()), a.body());
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        progress.println(f + ": " + e.getMessage());
                    }
                    progress.update(done.incrementAndGet(), failed.get());
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
            pool.shutdown();
        }
        progress.finish();
        err.println(files.size() - failed.get() + " of " + files.size() + " file(s) answered by " + model + (failed.get() > 0 ? ", " + failed.get() + " failed" : ""));
        return failed.get() == 0 ? 0 : 1;
    }

    static String contentType(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            return "image/png";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return n.endsWith(".fltr") ? TensorRecordCodec.MEDIA_TYPE : null;
    }

    Path output(Path input, String contentType) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = contentType.startsWith("image/png") ? "png" : contentType.startsWith("application/json") ? "json" : "fltr";
        return input.resolveSibling(stem + "." + model + "." + ext);
    }

    interface Transport extends AutoCloseable {
        Answer send(byte[] body, String contentType) throws Exception;

        @Override
        default void close() {
        }
    }

    final class HttpTransport implements Transport {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final URI endpoint;

        HttpTransport() throws Exception {
            HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(URI.create(url + "/v1/models/" + model))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/models/" + model + ": HTTP " + r.statusCode() + " " + r.body());
            }
            String path = new JsonObject(r.body()).getString("endpoint");
            if (path == null) {
                throw new IllegalStateException("model " + model + " has no inference endpoint");
            }
            endpoint = URI.create(url + path);
        }

        private HttpRequest.Builder authorized(HttpRequest.Builder b) {
            return token == null ? b : b.header("Authorization", "Bearer " + token);
        }

        @Override
        public Answer send(byte[] body, String contentType) throws Exception {
            HttpResponse<byte[]> r = http.send(authorized(HttpRequest.newBuilder(endpoint)).timeout(Duration.ofSeconds(timeoutSeconds))
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        }
    }

    final class KafkaTransport implements Transport {
        private final Producer<String, byte[]> producer;
        private final Consumer<String, byte[]> consumer;
        private final Map<String, java.util.concurrent.CompletableFuture<Answer>> waiting = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread reader;
        private volatile boolean running = true;

        KafkaTransport() {
            KafkaClients clients = kafkaOptions.clients();
            producer = clients.producer("flemme-infer-requests");
            consumer = clients.assignedConsumer("flemme-infer-responses");
            List<TopicPartition> parts = consumer.partitionsFor(Topics.INFER_RESPONSES, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(Topics.INFER_RESPONSES, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position); // pin the end before any request goes out
            reader = new Thread(this::read, "flemme-infer-responses");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        var f = waiting.remove(r.key());
                        if (f != null) {
                            String status = InferHeaders.get(r.headers(), InferHeaders.STATUS);
                            f.complete(new Answer(status == null ? 500 : Integer.parseInt(status), String.valueOf(InferHeaders.get(r.headers(), InferHeaders.CONTENT_TYPE)), r.value()));
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        @Override
        public Answer send(byte[] body, String contentType) throws Exception {
            String id = UUID.randomUUID().toString();
            var answer = new java.util.concurrent.CompletableFuture<Answer>();
            waiting.put(id, answer);
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.INFER_REQUESTS, id, body);
            InferHeaders.put(r.headers(), InferHeaders.MODEL, model);
            InferHeaders.put(r.headers(), InferHeaders.CONTENT_TYPE, contentType);
            producer.send(r).get();
            try {
                return answer.get(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                waiting.remove(id);
            }
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** A bar on stderr when it is a terminal and there is more than one file; plain lines otherwise. */
    static final class Progress {
        private final PrintStream out;
        private final int total;
        private final boolean bar;

        Progress(PrintStream out, int total) {
            this.out = out;
            this.total = total;
            this.bar = total > 1 && System.console() != null && System.getenv("CI") == null;
        }

        synchronized void update(int done, int failed) {
            if (!bar) {
                return;
            }
            int width = 30, filled = done * width / total;
            out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total + " files" + (failed > 0 ? ", " + failed + " failed" : ""));
            out.flush();
        }

        synchronized void println(String line) {
            out.println((bar ? "\r" : "") + line);
        }

        synchronized void finish() {
            if (bar) {
                out.println();
            }
        }
    }
}
