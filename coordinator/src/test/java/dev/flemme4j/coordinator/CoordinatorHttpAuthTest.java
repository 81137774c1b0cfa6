package dev.flemme4j.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.http.CoordinatorHttpApi;
import dev.flemme4j.coordinator.job.JobIds;
import dev.flemme4j.coordinator.job.JobStateStore;
import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.observability.auth.BearerTokens;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator's HTTP API over real HTTP with bearer tokens configured: 401 without one, /health open. */
class CoordinatorHttpAuthTest {
    private static final String TOKEN = "coordinator-test-token-0123456789";
    private static final String JOB = "model: {name: SeM}\n";

    private Vertx vertx;
    private MockProducer<String, byte[]> control;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        control = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int listen(BearerTokens tokens) throws Exception {
        Context context = vertx.getOrCreateContext();
        RecordPublisher publisher = new RecordPublisher(control);
        JobStateStore jobs = new JobStateStore(publisher, context);
        WorkerRegistry workers = new WorkerRegistry(Clock.systemUTC(), Duration.ofSeconds(15));
        CoordinatorHttpApi api = new CoordinatorHttpApi(vertx, context, jobs, workers, publisher, JobIds.system(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true).withAuth(tokens);
        HttpServer server = api.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    private HttpResponse<String> send(int port, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString(JOB) : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withTokensEveryRouteButHealthNeedsOne() throws Exception {
        int port = listen(BearerTokens.of(TOKEN));
        HttpResponse<String> none = send(port, "POST", "/v1/jobs", null);
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(none.body().contains("Authorization"), none.body());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, send(port, "POST", "/v1/jobs", "wrong-token-wrong-token-wrong").statusCode());
        assertEquals(401, send(port, "GET", "/v1/jobs", null).statusCode());
        assertEquals(401, send(port, "GET", "/metrics", null).statusCode());
        assertEquals(0, control.history().size(), "a refused submission must not reach the jobs topic");

        assertEquals(200, send(port, "GET", "/health", null).statusCode());
        HttpResponse<String> ok = send(port, "POST", "/v1/jobs", TOKEN);
        assertEquals(202, ok.statusCode(), ok.body());
        assertEquals(1, control.history().size());
        assertEquals(200, send(port, "GET", "/v1/jobs", TOKEN).statusCode());
    }

    @Test
    void withoutTokensTheApiIsOpenAsBefore() throws Exception {
        int port = listen(null);
        assertEquals(202, send(port, "POST", "/v1/jobs", null).statusCode());
    }
}
