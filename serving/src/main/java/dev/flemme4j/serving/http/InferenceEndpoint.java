package dev.flemme4j.serving.http;

import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.inference.InferenceCall;
import dev.flemme4j.serving.inference.InferenceService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
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

    private final InferenceService service;
    private final String endpoint;

    public InferenceEndpoint(InferenceService service, String endpoint) {
        this.service = service;
        this.endpoint = endpoint;
    }

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
        InferenceCall call = new InferenceCall(ctx.pathParam("name"), endpoint, version, ctx.request().getHeader("Content-Type"),
                ctx.request().getHeader("Accept"), query, body == null ? null : body.getBytes());
        Context context = ctx.vertx().getOrCreateContext();
        Future.fromCompletionStage(service.infer(call), context).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", ar.result().reply().contentType())
                        .putHeader(VERSION_HEADER, Integer.toString(ar.result().version()))
                        .end(Buffer.buffer(ar.result().reply().body()));
                return;
            }
            Throwable t = ar.cause() instanceof CompletionException && ar.cause().getCause() != null ? ar.cause().getCause() : ar.cause();
            HttpReplies.error(ctx, t instanceof ApiException e ? e
                    : new ApiException(500, ErrorReason.INTERNAL, "server", "internal error: " + t.getMessage()));
        });
    }
}
