package dev.flemme4j.serving;

import dev.flemme4j.observability.HealthRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP face of serving: routes, body limit, JSON errors for whatever the routes do not handle themselves. */
final class ServingVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ServingVerticle.class);

    private final ServingOptions options;
    private final ModelRegistry registry;
    private final List<InferenceEndpoint> endpoints;
    private final TaskRunners runners;
    private final InferenceMetrics metrics;
    private final HealthRouter health;
    private volatile int port = -1;

    ServingVerticle(ServingOptions options, ModelRegistry registry, List<InferenceEndpoint> endpoints, TaskRunners runners,
            InferenceMetrics metrics, HealthRouter health) {
        this.options = options;
        this.registry = registry;
        this.endpoints = List.copyOf(endpoints);
        this.runners = runners;
        this.metrics = metrics;
        this.health = health;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        ModelsEndpoint models = new ModelsEndpoint(registry, runners);
        health.details(new HealthEndpoint(registry)::details).mount(router);
        router.get("/v1/models").handler(models::list);
        router.get("/v1/models/:name").handler(models::one);
        for (InferenceEndpoint endpoint : endpoints) {
            router.post("/v1/models/:name/" + endpoint.endpoint())
                    .handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()))
                    .handler(endpoint)
                    .failureHandler(ctx -> inferenceFailure(ctx, endpoint.endpoint()));
        }
        router.route().last().handler(ctx -> HttpReplies.error(ctx,
                new ApiException(404, ErrorReason.UNKNOWN_MODEL, "path", "no route for " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(this::failure);
        return vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
                .requestHandler(router)
                .listen()
                .map(server -> {
                    port = server.actualPort();
                    LOG.info("serving HTTP on {}:{}", options.host(), port);
                    return server;
                });
    }

    /** The bound port, known once {@link #start()} has completed. */
    int port() {
        return port;
    }

    // Failures raised before the endpoint runs (the body limit) still count against the model.
    private void inferenceFailure(RoutingContext ctx, String endpoint) {
        String name = ctx.pathParam("name");
        String tag = name != null && registry.isLoaded(name) ? name : InferenceMetrics.UNKNOWN_MODEL;
        ApiException e = toApiException(ctx);
        metrics.requested(tag, endpoint);
        metrics.failed(tag, endpoint, e.reason());
        HttpReplies.error(ctx, e);
    }

    private void failure(RoutingContext ctx) {
        HttpReplies.error(ctx, toApiException(ctx));
    }

    private ApiException toApiException(RoutingContext ctx) {
        if (ctx.failure() instanceof ApiException e) {
            return e;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            return new ApiException(413, ErrorReason.BODY_TOO_LARGE, "body", "request body is over the limit of " + options.maxBodyBytes() + " bytes");
        }
        if (status >= 400 && status < 500) {
            return new ApiException(status, ErrorReason.BAD_TENSOR, "request", "bad request (HTTP " + status + ")");
        }
        LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        return new ApiException(500, ErrorReason.INTERNAL, "server", "internal error");
    }
}
