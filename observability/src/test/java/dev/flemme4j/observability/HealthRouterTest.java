package dev.flemme4j.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthRouterTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void healthTurnsDownWhenARegisteredLoopDiesAndMetricsAreTheRegistry() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("flemme_test_events").register(registry).increment(3);
        AtomicReference<Optional<String>> loop = new AtomicReference<>(Optional.empty());
        HealthRouter health = new HealthRouter(registry).check("jobs consumer", loop::get)
                .details(() -> Map.of("jobs", 2));
        HttpServer server = vertx.createHttpServer().requestHandler(health.mount(Router.router(vertx)))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + server.actualPort());

        HttpResponse<String> up = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode());
        JsonObject body = new JsonObject(up.body());
        assertEquals("UP", body.getString("status"));
        assertEquals(2, body.getInteger("jobs"));

        loop.set(Optional.of("flemme-coordinator-consume-flemme.jobs stopped: java.lang.IllegalStateException: boom"));
        HttpResponse<String> down = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, down.statusCode());
        body = new JsonObject(down.body());
        assertEquals("DOWN", body.getString("status"));
        assertTrue(body.getJsonArray("problems").getString(0).startsWith("jobs consumer: flemme-coordinator-consume"), down.body());

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(metrics.body().contains("flemme_test_events_total 3.0"), metrics.body());
    }

    @Test
    void startingUntilReadyAndDownBeatsStarting() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        boolean[] ready = {false};
        HealthRouter health = new HealthRouter(registry).readiness(() -> ready[0]);
        assertEquals("STARTING", health.health().status());
        assertEquals(503, health.health().httpStatus());
        ready[0] = true;
        assertEquals("UP", health.health().status());
        health.check("trainer", () -> { throw new IllegalStateException("cannot tell"); });
        assertEquals("DOWN", health.health().status(), "a check that throws counts as a problem");
        ready[0] = false;
        assertEquals("DOWN", health.health().status());
    }
}
