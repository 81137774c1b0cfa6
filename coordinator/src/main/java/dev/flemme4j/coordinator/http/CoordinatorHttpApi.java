package dev.flemme4j.coordinator.http;

import dev.flemme4j.coordinator.job.JobIds;
import dev.flemme4j.coordinator.job.JobPayload;
import dev.flemme4j.coordinator.job.JobRejection;
import dev.flemme4j.coordinator.job.JobStateStore;
import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.observability.HealthRouter;
import dev.flemme4j.observability.auth.BearerAuthHandler;
import dev.flemme4j.observability.auth.BearerTokens;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.JobState;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private java.util.function.Function<String, Future<JobState>> canceller = id -> Future.failedFuture("cancel unavailable");

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
        router.post("/v1/jobs/:id/cancel").handler(this::cancel);
        router.get("/v1/workers").handler(rc -> json(rc, 200, workerTable()));
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

    /** What {@code POST /v1/jobs/ID/cancel} does (the job intake, which owns job transitions). */
    public CoordinatorHttpApi onCancel(java.util.function.Function<String, Future<JobState>> cancel) {
        this.canceller = cancel;
        return this;
    }

    private void cancel(RoutingContext rc) {
        String id = rc.pathParam("id");
        Optional<JobState> job = jobs.get(id);
        if (job.isEmpty()) {
            error(rc, 404, "no job with id '" + id + "'");
            return;
        }
        if (job.get().state().isTerminal()) {
            error(rc, 409, "job " + id + " is already " + job.get().state());
            return;
        }
        canceller.apply(id).onSuccess(s -> json(rc, 200, s))
                .onFailure(err -> error(rc, 503, "could not cancel job " + id + ": " + err.getMessage()));
    }

    private List<Map<String, Object>> workerTable() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (WorkerRegistry.WorkerInfo w : workers.all().values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", w.id());
            row.put("device", w.device());
            row.put("capacity", w.capacity());
            row.put("alive", workers.isAlive(w.id()));
            row.put("last_seen_ms_ago", now - w.lastSeen());
            row.put("jobs", jobs.all().stream().filter(j -> w.id().equals(j.worker()) && !j.state().isTerminal())
                    .map(JobState::id).toList());
            out.add(row);
        }
        return out;
    }

    private static void json(RoutingContext rc, int status, Object body) {
        rc.response().setStatusCode(status).putHeader("content-type", JSON)
                .end(new String(Json.bytes(body), StandardCharsets.UTF_8));
    }

    private static void error(RoutingContext rc, int status, String message) {
        json(rc, status, Map.of("error", message));
    }
}
