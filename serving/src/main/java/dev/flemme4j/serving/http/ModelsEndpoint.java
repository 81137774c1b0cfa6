package dev.flemme4j.serving.http;

import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.serving.api.ApiException;
import dev.flemme4j.serving.api.ErrorReason;
import dev.flemme4j.serving.model.ModelRegistry;
import dev.flemme4j.serving.task.TaskRunners;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/models} (all models) and {@code GET /v1/models/{name}} (one), each with its task, the endpoint
 * that answers it, its manifest and the provider it runs on.
 */
public final class ModelsEndpoint {

    private final ModelRegistry registry;
    private final TaskRunners runners;

    public ModelsEndpoint(ModelRegistry registry, TaskRunners runners) {
        this.registry = registry;
        this.runners = runners;
    }

    public void list(RoutingContext ctx) {
        Map<String, String> providers = registry.providers();
        JsonArray models = new JsonArray();
        for (ModelManifest m : registry.manifests()) {
            models.add(describe(m, providers.get(m.name())));
        }
        HttpReplies.json(ctx, 200, new JsonObject().put("models", models));
    }

    public void one(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        registry.manifest(name).ifPresentOrElse(
                m -> HttpReplies.json(ctx, 200, describe(m, registry.providers().get(name))),
                () -> HttpReplies.error(ctx, new ApiException(404, ErrorReason.UNKNOWN_MODEL, "name", "no model named '" + name + "' is loaded")));
    }

    /** The manifest plus, up front for clients, its task and the endpoint that answers it (null if none does). */
    private JsonObject describe(ModelManifest m, String provider) {
        return new JsonObject()
                .put("name", m.name())
                .put("task", m.task().name().toLowerCase(Locale.ROOT))
                .put("endpoint", runners.pathFor(m.name(), m.task()).orElse(null))
                .put("manifest", new JsonObject(m.toJson()))
                .put("provider", provider);
    }
}
