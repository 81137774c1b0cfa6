package dev.flemme4j.serving.http;

import dev.flemme4j.observability.HealthRouter;
import dev.flemme4j.observability.auth.BearerAuthHandler;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.api.InferenceMetrics;
import dev.flemme4j.serving.inference.InferenceService;
import dev.flemme4j.serving.model.ModelRegistry;
import dev.flemme4j.serving.task.TaskRunner;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of serving: optional bearer-token check on every route but {@code /health}, routes, body limit,
 * JSON errors for whatever the routes do not handle themselves; HTTPS when TLS options are given.
 */
public final class ServingVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ServingVerticle.class);

    private final ServingOptions options;
    private final ModelRegistry registry;
    private final InferenceService service;
    private final InferenceMetrics metrics;
    private final HealthRouter health;
    private final dev.flemme4j.serving.sampling.SampleService sampling;
    private volatile int port = -1;

    public ServingVerticle(ServingOptions options, ModelRegistry registry, InferenceService service, InferenceMetrics metrics,
            HealthRouter health, dev.flemme4j.serving.sampling.SampleService sampling) {
        this.options = options;
        this.sampling = sampling;
        this.registry = registry;
        this.service = service;
        this.metrics = metrics;
        this.health = health;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        if (options.tokens() != null) {
            router.route().order(-1).handler(new BearerAuthHandler(options.tokens(), Set.of("/health")));
        }
        ModelsEndpoint models = new ModelsEndpoint(registry, service.runners());
        health.details(new HealthEndpoint(registry)::details).mount(router);
        router.get("/v1/models").handler(models::list);
        router.get("/v1/models/:name").handler(models::one);
        for (TaskRunner runner : service.runners().all()) {
            String endpoint = runner.endpoint();
            router.post("/v1/models/:name/" + endpoint)
                    .handler(InferenceEndpoint.MARK_RECEIVED)
                    .handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()))
                    .handler(new InferenceEndpoint(service, endpoint, metrics))
                    .failureHandler(ctx -> inferenceFailure(ctx, endpoint));
        }
        dev.flemme4j.serving.sampling.SamplingEndpoint.mount(router, sampling, options.maxBodyBytes());
        router.route().last().handler(ctx -> HttpReplies.error(ctx,
                new ApiException(404, ErrorReason.UNKNOWN_MODEL, "path", "no route for " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(this::failure);
        HttpServerOptions http = new HttpServerOptions().setHost(options.host()).setPort(options.port());
        if (options.tls() != null) {
            options.tls().applyTo(http);
        }
        return vertx.createHttpServer(http)
                .requestHandler(router)
                .listen()
                .map(server -> {
                    port = server.actualPort();
                    LOG.info("serving {} on {}:{}{}", options.tls() != null ? "HTTPS" : "HTTP", options.host(), port,
                            options.tokens() != null ? " (bearer tokens required)" : "");
                    return server;
                });
    }

    /** The bound port, known once {@link #start()} has completed. */
    public int port() {
        return port;
    }

    // Failures raised before the endpoint runs (the body limit) still count against the model.
    private void inferenceFailure(RoutingContext ctx, String endpoint) {
        String name = ctx.pathParam("name");
        String tag = registry.isLoaded(name) ? name : InferenceMetrics.UNKNOWN_MODEL;
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
