package dev.flemme4j.serving.http;

import dev.flemme4j.serving.api.ApiException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The two ways serving answers in JSON: a document, or an {@link ApiException} as {@code {"error": {...}}}. */
public final class HttpReplies {

    private HttpReplies() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    public static void error(RoutingContext ctx, ApiException e) {
        if (e.retryAfterSeconds() > 0 && !ctx.response().ended()) {
            ctx.response().putHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        json(ctx, e.status(), e.toJson());
    }
}
