package dev.flemme4j.coordinator;

import dev.flemme4j.protocol.job.JobState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;

/**
 * A running coordinator: takes training jobs from Kafka ({@code flemme.jobs}) and HTTP, validates them, ingests
 * their datasets into data topics, commands workers and follows their events. Start one per cluster.
 *
 * <pre>{@code
 * Coordinator c = Coordinator.start(vertx, CoordinatorOptions.defaults("localhost:9092").withHttpPort(0))
 *         .toCompletionStage().toCompletableFuture().get();
 * ... c.httpPort() ...
 * c.stop();
 * }</pre>
 */
public final class Coordinator {
    private final Vertx vertx;
    private final String deploymentId;
    private final CoordinatorVerticle verticle;

    private Coordinator(Vertx vertx, String deploymentId, CoordinatorVerticle verticle) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
    }

    /** Completes once the state is restored from Kafka and the HTTP API and consumers run. */
    public static Future<Coordinator> start(Vertx vertx, CoordinatorOptions opts) {
        CoordinatorVerticle verticle = new CoordinatorVerticle(opts);
        return vertx.deployVerticle(verticle).map(id -> new Coordinator(vertx, id, verticle));
    }

    /** The port the HTTP API listens on (the actual one when started with port 0). */
    public int httpPort() {
        return verticle.httpPort();
    }

    /** The latest known state of a job. */
    public Optional<JobState> job(String id) {
        return verticle.jobs().get(id);
    }

    public List<JobState> jobs() {
        return verticle.jobs().all();
    }

    public Future<Void> stop() {
        return vertx.undeploy(deploymentId);
    }
}
