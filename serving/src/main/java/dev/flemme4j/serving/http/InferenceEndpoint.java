package dev.flemme4j.serving.http;

import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.api.InferenceMetrics;
import dev.flemme4j.serving.inference.InferenceCall;
import dev.flemme4j.serving.inference.InferenceResult;
import dev.flemme4j.serving.inference.InferenceService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /v1/models/{name}/{endpoint}}: turns the routing context into an {@link InferenceCall} for the
 * {@link InferenceService} and writes its answer back on the request's context, with the serving version in
 * {@code X-Flemme-Model-Version}. An {@code X-Flemme-Model-Version} request header pins the version.
 */
public final class InferenceEndpoint implements Handler<RoutingContext> {

    public static final String VERSION_HEADER = "X-Flemme-Model-Version";

    private static final String RECEIVED = "flemme.received";

    private final InferenceService service;
    private final String endpoint;
    private final InferenceMetrics metrics;

    public InferenceEndpoint(InferenceService service, String endpoint, InferenceMetrics metrics) {
        this.service = service;
        this.endpoint = endpoint;
        this.metrics = metrics;
    }

    /**
     * Put before the body handler: the headers have arrived, the body has not (the start of {@code body_read}).
     * A platform handler because Vert.x only lets those precede a body handler on a route.
     */
    public static final PlatformHandler MARK_RECEIVED = ctx -> {
        ctx.put(RECEIVED, System.nanoTime());
        ctx.next();
    };

    /** Last path segment of the route and the {@code endpoint} metric tag. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Integer version;
        String pinned = ctx.request().getHeader(VERSION_HEADER);
        try {
            version = pinned == null ? null : Integer.valueOf(pinned.trim());
        } catch (NumberFormatException e) {
            HttpReplies.error(ctx, new ApiException(400, ErrorReason.BAD_VALUE, VERSION_HEADER, "Invalid value '" + pinned + "' for header "
                    + VERSION_HEADER + ": expected an integer version"));
            return;
        }
        Map<String, String> query = new HashMap<>();
        ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        Buffer body = ctx.body().buffer();
        Long received = ctx.get(RECEIVED);
        long bodyRead = received == null ? -1 : System.nanoTime() - received;
        InferenceCall call = new InferenceCall(ctx.pathParam("name"), endpoint, version, ctx.request().getHeader("Content-Type"),
                ctx.request().getHeader("Accept"), query, body == null ? null : body.getBytes());
        Context context = ctx.vertx().getOrCreateContext();
        Future.fromCompletionStage(service.infer(call), context).onComplete(ar -> {
            if (ar.succeeded()) {
                InferenceResult result = ar.result();
                long writing = System.nanoTime();
                metrics.phase(result.model(), InferenceMetrics.REPLY_HOP, writing - result.readyNanos());
                if (bodyRead >= 0) {
                    metrics.phase(result.model(), InferenceMetrics.BODY_READ, bodyRead);
                }
                ctx.response().putHeader("Content-Type", result.reply().contentType())
                        .putHeader(VERSION_HEADER, Integer.toString(result.version()))
                        .end(Buffer.buffer(result.reply().body()))
                        .onSuccess(v -> metrics.phase(result.model(), InferenceMetrics.WRITE, System.nanoTime() - writing));
                return;
            }
            Throwable t = ar.cause() instanceof CompletionException && ar.cause().getCause() != null ? ar.cause().getCause() : ar.cause();
            HttpReplies.error(ctx, t instanceof ApiException e ? e
                    : new ApiException(500, ErrorReason.INTERNAL, "server", "internal error: " + t.getMessage()));
        });
    }
}
