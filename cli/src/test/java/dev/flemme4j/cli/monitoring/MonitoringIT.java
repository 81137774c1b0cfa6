package dev.flemme4j.cli.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flemme4j.cli.it.Pipeline;
import dev.flemme4j.deploycheck.DashboardQueries;
import dev.flemme4j.deploycheck.DashboardQueries.Query;
import dev.flemme4j.deploycheck.Tools;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics contract checked on a running platform (broker, coordinator, worker and serving in this JVM, each
 * with its own {@code /metrics}) after a job has trained (with validation) and serving has answered requests,
 * one of them failed:
 * <ul>
 * <li>{@code promtool check metrics} reports nothing on any role's scrape;</li>
 * <li>a real Prometheus scraping the three roles returns data for every PromQL expression of the Grafana
 * dashboards, and only the panels known to have no source here get that data from their
 * {@code or vector(0)} fallback alone.</li>
 * </ul>
 * Needs {@code promtool} and {@code prometheus} on PATH (Debian package {@code prometheus}); missing is a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MonitoringIT {
    private static final Path ROOT = Tools.repoRoot();
    private static final String MODEL = "monitored";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Panels whose query may return only the {@code or vector(0)} fallback in this setup, and why: kafka-exporter
     * runs only in the compose stack; no diffusion sampler exists (planned in METRICS.md); no garbled record is
     * sent here (PipelineIT covers skipping).
     */
    private static final Set<String> FALLBACK_ONLY = Set.of(
            "cluster / Kafka broker / A",
            "serving / Sampling steps / s / A",
            "training / Skipped records / A");

    private Pipeline platform;
    private PrometheusServer prometheus;
    private Path tmp;

    @BeforeAll
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void startTrainAndServe(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        // Fail before the expensive part when the tools are missing.
        Tools.onPath("promtool", "prometheus");
        Tools.onPath("prometheus", "prometheus");
        platform = new Pipeline(tmp);
        // Prometheus scrapes from before the job starts, so rates and histograms see the training itself.
        prometheus = PrometheusServer.start(Files.createDirectories(tmp.resolve("prometheus")), platform.scrapeTargets());

        JobState done = platform.submitAndWait(Pipeline.job(MODEL, "", "shapes"), Duration.ofMinutes(5));
        assertNotNull(done, "no final job state within 5 minutes");
        assertEquals(JobStatus.COMPLETED, done.state(), () -> "job ended " + done);
        long deadline = System.currentTimeMillis() + 60_000;
        while (!platform.serving.registry().isLoaded(MODEL) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(platform.serving.registry().isLoaded(MODEL), "serving never loaded " + MODEL);

        // Two rounds with scrapes between them: a counter's first scrape already holds the first round, so only
        // the second round makes rate() non-zero, as it is on a platform that serves continuously.
        byte[] png = Files.readAllBytes(platform.data.resolve("test/images/0000.png"));
        for (int round = 0; round < 2; round++) {
            if (round > 0) {
                Thread.sleep(3000);
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(200, post("/v1/models/" + MODEL + "/segment", "image/png", png).statusCode());
            }
            // errors: a wrong content type against the real model, and a model that does not exist
            assertEquals(415, post("/v1/models/" + MODEL + "/segment", "text/plain", png).statusCode());
            assertEquals(404, post("/v1/models/no-such-model/segment", "image/png", png).statusCode());
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    @Test
    void promtoolFindsNothingToReportOnAnyRolesScrape() throws Exception {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, String> role : platform.scrapeTargets().entrySet()) {
            String scrape = get("http://" + role.getValue() + "/metrics");
            assertTrue(scrape.contains("jvm_memory_used_bytes") && scrape.contains("process_cpu_usage"),
                    role.getKey() + " exports no JVM/process metrics");
            Tools.Result r = promtoolCheckMetrics(role.getKey(), scrape);
            if (r.exit() != 0 || !r.output().isBlank()) {
                problems.put(role.getKey(), r.describe());
            }
        }
        assertTrue(problems.isEmpty(), "promtool check metrics complains:\n" + problems);
    }

    @Test
    void promtoolCheckMetricsIsNotVacuous() throws Exception {
        // a counter without _total and without HELP: both are lint problems
        Tools.Result r = promtoolCheckMetrics("broken", "# TYPE flemme_broken counter\nflemme_broken 1\n");
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.output().contains("flemme_broken"), r.describe());
    }

    @Test
    void newMetricsAreExported() throws Exception {
        Map<String, String> t = platform.scrapeTargets();
        String worker = get("http://" + t.get("worker") + "/metrics");
        for (String series : List.of("flemme_train_epoch{job_id=", "flemme_train_step{job_id=",
                "flemme_worker_batch_queue_depth{job_id=", "flemme_kafka_consumer_lag{job_id=",
                "flemme_validation_metric{job_id=")) {
            assertTrue(worker.contains(series), "worker /metrics lacks " + series);
        }
        assertTrue(worker.matches("(?s).*flemme_train_epoch\\{job_id=\"[^\"]+\"} 2\\.0\n.*"), "last epoch is 2");
        assertTrue(!worker.contains("{job=\"") && !worker.contains(",job=\""), "a worker meter still has a job label");
        String serving = get("http://" + t.get("serving") + "/metrics");
        assertTrue(serving.contains("flemme_serving_model_version{model=\"" + MODEL + "\"} 1.0"), serving);
        assertTrue(serving.contains("flemme_infer_errors_total{endpoint=\"segment\",model=\"" + MODEL
                + "\",reason=\"unsupported_media_type\"} 2.0"), serving);
    }

    @Test
    void everyDashboardQueryReturnsDataFromARealPrometheus() throws Exception {
        List<Query> queries = DashboardQueries.load(ROOT.resolve("grafana"));
        assertTrue(queries.size() >= 40, "suspiciously few dashboard queries: " + queries.size());
        // Poll: a rate needs two scrapes after a counter first appears, and the last requests just happened.
        Map<String, String> empty = new LinkedHashMap<>();
        long deadline = System.currentTimeMillis() + 90_000;
        do {
            empty.clear();
            for (Query q : queries) {
                if (prometheus.query(q.evaluable()).isEmpty()) {
                    empty.put(q.where(), q.evaluable());
                }
            }
            if (empty.isEmpty()) {
                break;
            }
            Thread.sleep(1000);
        } while (System.currentTimeMillis() < deadline);
        assertTrue(empty.isEmpty(), "dashboard queries without data after 90 s:\n  "
                + String.join("\n  ", empty.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())
                + "\nPrometheus targets: " + prometheus.targets() + "\nPrometheus log:\n" + prometheus.log());

        // Data from the fallback alone would hide a missing metric: only the known panels may rely on it. Polled,
        // because a rate() over a counter created moments ago is empty until Prometheus has scraped it twice.
        Set<String> fallbackOnly = new TreeSet<>();
        long settle = System.currentTimeMillis() + 60_000;
        do {
            fallbackOnly.clear();
            for (Query q : queries) {
                String e = q.evaluable().strip();
                if (e.endsWith("or vector(0)")) {
                    String left = e.substring(0, e.length() - "or vector(0)".length()).strip();
                    if (prometheus.query(left).isEmpty()) {
                        fallbackOnly.add(q.where());
                    }
                }
            }
            if (fallbackOnly.equals(new TreeSet<>(FALLBACK_ONLY))) {
                break;
            }
            Thread.sleep(1000);
        } while (System.currentTimeMillis() < settle);
        assertEquals(new TreeSet<>(FALLBACK_ONLY), fallbackOnly, "panels whose data is only the or vector(0) fallback");
    }

    @Test
    void anAbsentMetricReturnsNoData() throws Exception {
        // proves the non-empty check above can fail
        JsonNode r = prometheus.query("count by (job_id) (flemme_train_lossy)");
        assertTrue(r.isArray() && r.isEmpty(), r.toString());
    }

    private Tools.Result promtoolCheckMetrics(String name, String exposition) throws IOException {
        Path file = Files.writeString(tmp.resolve(name + ".prom"), exposition, StandardCharsets.UTF_8);
        Path promtool = Tools.onPath("promtool", "prometheus");
        // promtool reads the exposition from stdin; Tools.run gives the child /dev/null, so redirect in a shell
        return Tools.run(Duration.ofSeconds(30), tmp, List.of("sh", "-c", "exec \"$0\" check metrics < \"$1\"",
                promtool.toString(), file.toString()));
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    private HttpResponse<byte[]> post(String path, String type, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.serving.port() + path))
                .header("Content-Type", type).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
