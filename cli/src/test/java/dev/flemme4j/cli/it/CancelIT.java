package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancel of a running job over the coordinator's API: CANCELLED within 5 s, and the worker takes the next job. */
class CancelIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(8);

    @Test
    void cancelledJobStopsAndTheWorkerTakesTheNext(@TempDir Path tmp) throws Exception {
        try (Pipeline p = new Pipeline(tmp); JobStateReader reader = new JobStateReader(p.clients())) {
            String longJob = JobSubmitter.submit(p.clients(), Pipeline.job("cancel-me", "", p.data.toString())
                    .replace("max_epoch: 2", "max_epoch: 50"), null);
            JobState running = reader.follow(longJob, s -> { }, s -> s.state() == JobStatus.RUNNING
                    && s.progress().step() > 0, TIMEOUT);
            assertNotNull(running, "the job never ran");
            String next = JobSubmitter.submit(p.clients(), Pipeline.job("after-cancel", "", p.data.toString()), null);
            long t0 = System.nanoTime();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + p.coordinator.httpPort() + "/v1/jobs/" + longJob + "/cancel"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JobState cancelled = reader.follow(longJob, s -> { }, s -> s.state() == JobStatus.CANCELLED,
                    Duration.ofSeconds(5));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertNotNull(cancelled, "not CANCELLED within 5 s");
            System.out.printf("job %s CANCELLED %.2f s after the request, at step %d%n", longJob, seconds,
                    cancelled.progress().step());
            JobState done;
            try (JobStateReader r2 = new JobStateReader(p.clients())) {
                done = r2.follow(next, s -> { }, s -> s.state().isTerminal(), TIMEOUT);
            }
            assertEquals(JobStatus.COMPLETED, done.state(), () -> "next job ended " + done);
            assertEquals("w1", done.worker());
            assertTrue(seconds < 5);
            // a second cancel of a finished job is refused, not an error inside the coordinator
            HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + p.coordinator.httpPort() + "/v1/jobs/" + longJob + "/cancel"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(409, again.statusCode());
        }
    }
}
