package dev.flemme4j.serving.http;

import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.serving.model.ModelRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code GET /health}: 200 whenever the server answers, with what it serves; an empty model list is not an error. */
public final class HealthEndpoint {

    private final ModelRegistry registry;

    public HealthEndpoint(ModelRegistry registry) {
        this.registry = registry;
    }

    public void handle(RoutingContext ctx) {
        Map<String, String> providers = registry.providers();
        JsonObject models = new JsonObject();
        for (ModelManifest m : registry.manifests()) {
            models.put(m.name(), new JsonObject().put("version", m.version()).put("task", m.task().name().toLowerCase(java.util.Locale.ROOT))
                    .put("provider", providers.get(m.name())));
        }
        HttpReplies.json(ctx, 200, new JsonObject().put("status", "UP").put("models_loaded", models.size()).put("models", models));
    }
}
