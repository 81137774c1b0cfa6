package dev.flemme4j.coordinator;

import dev.flemme4j.observability.HealthRouter;
import dev.flemme4j.observability.auth.BearerAuthHandler;
import dev.flemme4j.observability.auth.BearerTokens;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's HTTP face: submit a job (produced to the jobs topic, like any Kafka client would), read job
 * states, health and Prometheus metrics.
 *
 * <pre>
 * POST /v1/jobs          body = job YAML → 202 {"id": ...}
 * GET  /v1/jobs          → [JobState, ...]
 * GET  /v1/jobs/{id}     → JobState, 404 if unknown
 * GET  /v1/workers       → {worker: last seen millis}
 * GET  /health           → {"status": "UP"} once the coordinator has restored its state
 * GET  /metrics          → Prometheus text format
 * </pre>
 */
public final class CoordinatorHttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorHttpApi.class);
    private static final String JSON = "application/json";

    private final Vertx vertx;
    private final Context context;
    private final JobStateStore jobs;
    private final WorkerRegistry workers;
    private final RecordPublisher publisher;
    private final JobIds ids;
    private final HealthRouter health;
    private BearerTokens tokens;

    public CoordinatorHttpApi(Vertx vertx, Context context, JobStateStore jobs, WorkerRegistry workers,
            RecordPublisher publisher, JobIds ids, PrometheusMeterRegistry registry, BooleanSupplier ready) {
        this.vertx = vertx;
        this.context = context;
        this.jobs = jobs;
        this.workers = workers;
        this.publisher = publisher;
        this.ids = ids;
        this.health = new HealthRouter(registry).readiness(ready).details(() -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jobs", jobs.all().size());
            body.put("workers_alive", workers.alive());
            return body;
        });
    }

    /** Require one of these tokens on every route but /health (null or empty: open, as on a local machine). */
    public CoordinatorHttpApi withAuth(BearerTokens t) {
        this.tokens = t;
        return this;
    }

    public Router router() {
        Router router = Router.router(vertx);
        if (tokens != null && tokens.size() > 0) {
            router.route().order(-1).handler(new BearerAuthHandler(tokens, Set.of("/health")));
        }
        router.post("/v1/jobs").handler(BodyHandler.create().setBodyLimit(JobPayload.MAX_BYTES));
        router.post("/v1/jobs").handler(this::submit);
        router.get("/v1/jobs").handler(rc -> json(rc, 200, jobs.all()));
        router.get("/v1/jobs/:id").handler(this::job);
        router.get("/v1/workers").handler(rc -> json(rc, 200, workers.lastSeen()));
        health.mount(router);
        return router;
    }

    /** /health and /metrics: the coordinator registers its consumer loops here once they run. */
    public HealthRouter health() {
        return health;
    }

    public Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(router()).listen(port, host)
                .onSuccess(s -> LOG.info("coordinator HTTP API on http://{}:{}", host, s.actualPort()));
    }

    private void submit(RoutingContext rc) {
        byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        try {
            JobPayload.text(body);
        } catch (JobRejection e) {
            // refuse what could never be a job at once; everything else is judged by the intake like a kcat job
            error(rc, 400, e.getMessage());
            return;
        }
        String id = ids.next(jobs::contains);
        publisher.send(context, Topics.JOBS, id, body)
                .onSuccess(m -> {
                    LOG.info("job {} submitted over HTTP", id);
                    json(rc, 202, Map.of("id", id));
                })
                .onFailure(err -> error(rc, 503, "could not hand the job to Kafka: " + err.getMessage()));
    }

    private void job(RoutingContext rc) {
        String id = rc.pathParam("id");
        jobs.get(id).ifPresentOrElse(s -> json(rc, 200, s), () -> error(rc, 404, "no job with id '" + id + "'"));
    }

    private static void json(RoutingContext rc, int status, Object body) {
        rc.response().setStatusCode(status).putHeader("content-type", JSON)
                .end(new String(Json.bytes(body), StandardCharsets.UTF_8));
    }

    private static void error(RoutingContext rc, int status, String message) {
        json(rc, status, Map.of("error", message));
    }
}
