package dev.flemme4j.serving;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The two ways serving answers in JSON: a document, or an {@link ApiException} as {@code {"error": {...}}}. */
final class HttpReplies {

    private HttpReplies() {
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    static void error(RoutingContext ctx, ApiException e) {
        json(ctx, e.status(), e.toJson());
    }
}
