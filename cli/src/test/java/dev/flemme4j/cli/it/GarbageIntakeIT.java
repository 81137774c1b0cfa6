package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 garbage records on the jobs topic, as {@code kcat -P} makes of a binary file (one record per line, no
 * key), with empty, oversized, non-UTF-8 and not-a-job text ones among them; then a valid job. Every garbage record
 * must end REJECTED (counted by {@code flemme_jobs_rejected_total}) and the valid job must be QUEUED within 30 s.
 */
class GarbageIntakeIT {
    private static final int GARBAGE = 10_000;
    private static final Pattern REJECTED = Pattern.compile("(?m)^flemme_jobs_rejected_total\\{[^}]*} ([0-9.eE+]+)$");

    @Test
    void tenThousandGarbageRecordsThenAValidJobWhichIsQueuedWithin30s(@TempDir Path tmp) throws Exception {
        try (Pipeline p = new Pipeline(tmp, false);
                JobStateReader reader = new JobStateReader(p.clients())) {
            List<byte[]> garbage = garbage(new Random(42));
            assertEquals(GARBAGE, garbage.size());
            long start = System.nanoTime();
            try (Producer<String, byte[]> producer = p.clients().producer("garbage-it")) {
                for (byte[] line : garbage) {
                    producer.send(new ProducerRecord<>(Topics.JOBS, null, line));
                }
                producer.flush();
            }
            double producedS = (System.nanoTime() - start) / 1e9;
            long validAt = System.nanoTime();
            String id = JobSubmitter.submit(p.clients(), Pipeline.job("after-garbage", "", p.data.toString()), null);
            JobState queued = reader.follow(id, s -> { }, s -> s.state() == JobStatus.QUEUED || s.state().isTerminal(),
                    Duration.ofMinutes(5));
            double queuedS = (System.nanoTime() - validAt) / 1e9;
            assertNotNull(queued, "the valid job never got a state");
            assertEquals(JobStatus.QUEUED, queued.state(), () -> "valid job ended " + queued);

            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            double rejected = 0;
            while (System.nanoTime() < deadline) {
                rejected = rejectedTotal(http, p.coordinator.httpPort());
                if (rejected >= GARBAGE) {
                    break;
                }
                Thread.sleep(100);
            }
            double allRejectedS = (System.nanoTime() - start) / 1e9;
            System.out.printf("garbage intake: %d records produced in %.1f s; %d rejected %.1f s after the first was"
                    + " produced (%.0f rejects/s end to end); valid job QUEUED %.1f s after it was produced%n", GARBAGE,
                    producedS, (long) rejected, allRejectedS, rejected / allRejectedS, queuedS);
            assertEquals(GARBAGE, (long) rejected, "every garbage record rejected and counted");
            assertTrue(queuedS <= 30, "valid job QUEUED within 30 s, took " + queuedS);
            assertTrue(rejected / allRejectedS >= 500, "at least 500 rejects/s, got " + rejected / allRejectedS);
        }
    }

    /** Random bytes cut at every '\n' (kcat -P's default), with the special cases mixed in. */
    private static List<byte[]> garbage(Random random) {
        List<byte[]> out = new ArrayList<>();
        out.add(new byte[0]); // empty line
        out.add(new byte[0]);
        byte[] huge = new byte[(1 << 20) + 1]; // one byte over the 1 MiB job limit, under the topic's record limit
        Arrays.fill(huge, (byte) 'a');
        out.add(huge);
        out.add(new byte[] {(byte) 0xC3, (byte) 0x28, 'x'}); // invalid UTF-8
        out.add(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 'm', 0});
        out.add("model: [oops".getBytes(StandardCharsets.UTF_8)); // text, not YAML
        out.add("just some words".getBytes(StandardCharsets.UTF_8)); // YAML, not a job
        out.add("mode: train\nmodel:\n  name: NoSuchModel\n".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (out.size() < GARBAGE) {
            int b = random.nextInt(256);
            if (b == '\n') {
                out.add(line.toByteArray());
                line.reset();
            } else {
                line.write(b);
            }
        }
        return out;
    }

    private static double rejectedTotal(HttpClient http, int port) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        Matcher m = REJECTED.matcher(body);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
