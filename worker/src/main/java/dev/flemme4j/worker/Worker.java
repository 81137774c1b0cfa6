package dev.flemme4j.worker;

import dev.flemme4j.observability.HealthRouter;
import dev.flemme4j.observability.JvmProcessMetrics;
import dev.flemme4j.protocol.job.WorkerEvent;
import dev.flemme4j.worker.kafka.CommandLoop;
import dev.flemme4j.worker.kafka.EventPublisher;
import dev.flemme4j.worker.kernels.ActiveKernels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    private volatile Throwable loopDeath;
    private volatile boolean stopping;

    private Worker(Vertx vertx, WorkerOptions options) {
        this.vertx = vertx;
        this.options = options;
        jvmMetrics.bindTo(registry);
        this.events = new EventPublisher(options.kafkaClients(), options.workerId());
        WorkerMetrics metrics = new WorkerMetrics(registry, options.workerId());
        metrics.recordCpuKernels(ActiveKernels.ofThisProcess());
        this.loop = new CommandLoop(options, events, metrics);
        this.loopThread = new Thread(loop, "flemme-worker-commands");
        this.loopThread.setUncaughtExceptionHandler((t, e) -> {
            loopDeath = e;
            LOG.error("{} stopped on an unexpected error; health is DOWN", t.getName(), e);
        });
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
        new HealthRouter(registry).check("command loop", this::loopProblem).details(() -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("worker", options.workerId());
            body.put("job", loop.currentJob());
            return body;
        }).mount(router);
        return vertx.createHttpServer().requestHandler(router).listen(options.httpPort(), options.httpHost()).map(s -> {
            http = s;
            return s.actualPort();
        });
    }

    /** A command loop that ended without {@link #stop()} leaves a worker that claims nothing: DOWN. */
    private Optional<String> loopProblem() {
        if (loopDeath != null) {
            return Optional.of("command loop stopped: " + loopDeath);
        }
        return loopThread.isAlive() || stopping || loopThread.getState() == Thread.State.NEW ? Optional.empty()
                : Optional.of("command loop ended");
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
        stopping = true;
        return vertx.executeBlocking(() -> {
            loop.stop();
            loopThread.join(60_000);
            events.close();
            jvmMetrics.close();
            return null;
        }).compose(v -> http == null ? Future.succeededFuture() : http.close());
    }
}
