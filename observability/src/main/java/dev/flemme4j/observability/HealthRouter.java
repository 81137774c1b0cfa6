package dev.flemme4j.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health} and {@code GET /metrics} of every role. Health is {@code STARTING} (503) until the role says
 * it is ready, {@code DOWN} (503) as soon as a registered check reports a problem (a consumer loop or a training
 * thread that died), else {@code UP} (200); the body carries the role's own details and the problems. Metrics are
 * the Prometheus text format of the role's registry.
 */
public final class HealthRouter {
    /** The Prometheus text exposition format, as Prometheus and promtool expect it. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final List<Check> checks = new CopyOnWriteArrayList<>();
    private volatile BooleanSupplier ready = () -> true;
    private volatile Supplier<Map<String, Object>> details = Map::of;

    private record Check(String name, Supplier<Optional<String>> problem) {
    }

    /** The state {@code /health} reports. */
    public record Health(String status, int httpStatus, Map<String, Object> body) {
    }

    public HealthRouter(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Health is DOWN while {@code problem} returns one, e.g. {@code loop::problem} of a consumer loop. */
    public HealthRouter check(String name, Supplier<Optional<String>> problem) {
        checks.add(new Check(name, problem));
        return this;
    }

    /** Health is STARTING while this is false (e.g. state not restored from Kafka yet). */
    public HealthRouter readiness(BooleanSupplier ready) {
        this.ready = ready;
        return this;
    }

    /** The role's own fields of the health body (jobs known, models loaded...), computed per request. */
    public HealthRouter details(Supplier<Map<String, Object>> details) {
        this.details = details;
        return this;
    }

    public Health health() {
        List<String> problems = new ArrayList<>();
        for (Check c : checks) {
            try {
                c.problem().get().ifPresent(p -> problems.add(c.name() + ": " + p));
            } catch (RuntimeException e) {
                problems.add(c.name() + ": check failed: " + e);
            }
        }
        String status = !problems.isEmpty() ? "DOWN" : ready.getAsBoolean() ? "UP" : "STARTING";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.putAll(details.get());
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        return new Health(status, status.equals("UP") ? 200 : 503, body);
    }

    /** Adds {@code GET /health} and {@code GET /metrics} to {@code router}. */
    public Router mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(rc -> rc.response().putHeader("content-type", PROMETHEUS_TEXT).end(registry.scrape()));
        return router;
    }

    private void health(RoutingContext rc) {
        Health h = health();
        JsonObject body = new JsonObject();
        h.body().forEach((k, v) -> body.put(k, v instanceof List<?> l ? new JsonArray(new ArrayList<>(l)) : v));
        rc.response().setStatusCode(h.httpStatus()).putHeader("content-type", "application/json").end(body.encode());
    }
}
