package dev.flemme4j.worker;

import dev.flemme4j.observability.JvmProcessMetrics;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.worker.kafka.CommandLoop;
import dev.flemme4j.worker.kafka.EventPublisher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training worker: claims jobs from the commands topic, trains them on its own thread, heartbeats on the
 * events topic and serves {@code /health} and {@code /metrics} over HTTP. The event loop only answers HTTP.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long HEARTBEAT_MS = 1000;

    private final Vertx vertx;
    private final WorkerOptions options;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmProcessMetrics jvmMetrics = new JvmProcessMetrics();
    private final EventPublisher events;
    private final CommandLoop loop;
    private final Thread loopThread;
    private long heartbeatTimer = -1;
    private HttpServer http;

    private Worker(Vertx vertx, WorkerOptions options) {
        this.vertx = vertx;
        this.options = options;
        jvmMetrics.bindTo(registry);
        this.events = new EventPublisher(options.bootstrapServers(), options.workerId());
        this.loop = new CommandLoop(options, events, new WorkerMetrics(registry, options.workerId()));
        this.loopThread = new Thread(loop, "flemme-worker-commands");
    }

    public static Future<Worker> start(Vertx vertx, WorkerOptions options) {
        Worker w = new Worker(vertx, options);
        return w.startHttp().map(port -> {
            w.loopThread.start();
            w.heartbeatTimer = vertx.setPeriodic(0, HEARTBEAT_MS, id -> w.heartbeat());
            LOG.info("worker {} up (device {}, metrics on port {})", options.workerId(), options.device(), port);
            return w;
        });
    }

    private Future<Integer> startHttp() {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")
                .put("worker", options.workerId()).put("job", loop.currentJob())));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
        return vertx.createHttpServer().requestHandler(router).listen(options.httpPort(), options.httpHost()).map(s -> {
            http = s;
            return s.actualPort();
        });
    }

    private void heartbeat() {
        // Publishing may block briefly on metadata; keep it off the event loop.
        vertx.executeBlocking(() -> {
            events.publish(WorkerEvent.of(WorkerEvent.Type.HEARTBEAT, loop.currentJob(), options.workerId())
                    .withMetrics(Map.of("capacity", 1.0, "busy", (double) loop.heldJobs())).withMessage(options.device()));
            return null;
        }, false);
    }

    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    public String workerId() {
        return options.workerId();
    }

    public Future<Void> stop() {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        return vertx.executeBlocking(() -> {
            loop.stop();
            loopThread.join(60_000);
            events.close();
            jvmMetrics.close();
            return null;
        }).compose(v -> http == null ? Future.succeededFuture() : http.close());
    }
}
