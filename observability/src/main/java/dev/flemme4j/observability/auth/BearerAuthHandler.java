package dev.flemme4j.observability.auth;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Vert.x route handler: lets a request through only with {@code Authorization: Bearer <token>} for a token in
 * {@link BearerTokens}; otherwise 401 with {@code WWW-Authenticate: Bearer} and a JSON error naming the
 * {@code Authorization} header. Paths in {@code open} (e.g. {@code /health} for load-balancer probes) pass
 * without a token. Put it first on the router: {@code router.route().handler(new BearerAuthHandler(tokens, Set.of("/health")))}.
 */
public final class BearerAuthHandler implements Handler<RoutingContext> {

    private static final String PREFIX = "bearer ";

    private final BearerTokens tokens;
    private final Set<String> open;

    public BearerAuthHandler(BearerTokens tokens, Set<String> open) {
        this.tokens = tokens;
        this.open = Set.copyOf(open);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (open.contains(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.length() > PREFIX.length() && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).trim() : null;
        if (tokens.accepts(token)) {
            ctx.next();
            return;
        }
        String message = header == null ? "missing Authorization header: send 'Authorization: Bearer <token>'"
                : "invalid bearer token in the Authorization header";
        ctx.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer")
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("field", "Authorization").put("message", message)).encode());
    }
}
