package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.tensor.NamedTensor;
import dev.flemme4j.protocol.tensor.TensorRecord;
import dev.flemme4j.protocol.tensor.TensorRecordCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A KafkaStream job on a topic a user's producer writes while the job trains: it keeps training, trains on records
 * produced after it started (its checkpointed offsets pass the topic's end at submission), skips the garbled records
 * in the stream with a metric, stops at max_steps and exports a model serving loads.
 */
class KafkaStreamIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(8);
    private static final String TOPIC = "user-stream";
    private static final int BEFORE = 24;
    private static final int BATCH = 4;
    private static final int MAX_STEPS = 40;

    @Test
    void streamJobTrainsOnRecordsProducedAfterItStarted(@TempDir Path tmp) throws Exception {
        try (Pipeline p = new Pipeline(tmp); JobStateReader reader = new JobStateReader(p.clients());
                Admin admin = p.clients().admin("stream-it");
                Producer<String, byte[]> producer = p.clients().producer("stream-it-producer")) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            Random random = new Random(5);
            for (int i = 0; i < BEFORE; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "s" + i, sample(random))).get();
            }
            // a garbled record and one of a wrong shape: skipped and counted, the job goes on
            producer.send(new ProducerRecord<>(TOPIC, "junk", "not a tensor record".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(TOPIC, "wrong-shape", TensorRecordCodec.standard().encode(TensorRecord.of(
                    NamedTensor.ofFloats("image", new long[] {1, 8, 8}, new float[64]),
                    NamedTensor.ofFloats("label", new long[] {1, 8, 8}, new float[64]))))).get();
            long endAtStart = BEFORE + 2;

            String id = JobSubmitter.submit(p.clients(), job(), null);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong produced = new AtomicLong(endAtStart);
            Thread writer = new Thread(() -> {
                Random r = new Random(6);
                try {
                    while (!stop.get()) {
                        producer.send(new ProducerRecord<>(TOPIC, "live" + produced.get(), sample(r))).get();
                        produced.incrementAndGet();
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    if (!stop.get()) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "stream-it-producer");
            writer.start();
            JobState done;
            try {
                done = reader.follow(id, s -> { }, s -> s.state().isTerminal(), TIMEOUT);
            } finally {
                stop.set(true);
                writer.join(10_000);
            }
            assertNotNull(done, "the stream job never ended");
            assertEquals(JobStatus.COMPLETED, done.state(), () -> "stream job ended " + done);
            assertEquals(MAX_STEPS, done.progress().step());
            long consumed = consumedOffsets(Path.of(done.artifacts()));
            System.out.printf("stream job %s: %d steps of %d samples; topic end at submission %d, consumed up to %d,"
                    + " %d records produced in all%n", id, done.progress().step(), BATCH, endAtStart, consumed,
                    produced.get());
            // one pass over a stream: 40 steps of 4 samples cannot come from the 24 valid records there at the start
            assertTrue(consumed > endAtStart, "consumed offsets " + consumed + " pass the end at submission " + endAtStart);
            assertTrue(skippedMetric(p) >= 2, "the two bad records were counted as skipped");
            long deadline = System.currentTimeMillis() + 60_000;
            while (!p.serving.registry().isLoaded("stream-it") && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(p.serving.registry().isLoaded("stream-it"), "serving loaded the stream job's export");
        }
    }

    private static String job() {
        return Pipeline.job("stream-it", "", "unused")
                .replaceAll("(?s)loader:.*?val_split_ratio: 0.125\n", """
                        loader:
                          dataset:
                            name: KafkaStream
                            topic: %s
                          batch_size: %d
                        """.formatted(TOPIC, BATCH))
                .replace("max_epoch: 2", "max_steps: " + MAX_STEPS) + "  checkpoint_every: 10\n";
    }

    /** One record in the data-topic format: a 1×32×32 image and its 1×32×32 mask (a bright square). */
    private static byte[] sample(Random random) {
        int n = Pipeline.IMAGE;
        float[] image = new float[n * n];
        float[] mask = new float[n * n];
        int x0 = random.nextInt(n / 2);
        int y0 = random.nextInt(n / 2);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean in = x >= x0 && x < x0 + n / 3 && y >= y0 && y < y0 + n / 3;
                mask[y * n + x] = in ? 1 : 0;
                image[y * n + x] = (in ? 0.8f : 0.2f) + 0.1f * (float) random.nextGaussian();
            }
        }
        long[] shape = {1, n, n};
        return TensorRecordCodec.standard().encode(TensorRecord.of(NamedTensor.ofFloats("image", shape, image),
                NamedTensor.ofFloats("label", shape, mask)));
    }

    /** The sum over partitions of the next offset the last checkpoint recorded. */
    private static long consumedOffsets(Path artifacts) throws Exception {
        Path state;
        try (var walk = Files.walk(artifacts)) {
            state = walk.filter(f -> f.endsWith(Path.of("ckp_last", "state.json"))).findFirst().orElseThrow();
        }
        JsonNode offsets = new ObjectMapper().readTree(state.toFile()).get("offsets");
        long sum = 0;
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) offsets::fields) {
            assertTrue(e.getKey().startsWith(TOPIC + "-"), "offsets of the user's topic: " + e.getKey());
            sum += e.getValue().asLong();
        }
        return sum;
    }

    private static double skippedMetric(Pipeline p) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + p.worker.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith("flemme_data_records_skipped_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
