package dev.flemme4j.serving.http;

import dev.flemme4j.protocol.model.ModelManifest;
import dev.flemme4j.serving.model.ModelRegistry;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** What serving's {@code /health} adds to the status: the models it serves; an empty model list is not an error. */
public final class HealthEndpoint {

    private final ModelRegistry registry;

    public HealthEndpoint(ModelRegistry registry) {
        this.registry = registry;
    }

    public Map<String, Object> details() {
        Map<String, String> providers = registry.providers();
        JsonObject models = new JsonObject();
        for (ModelManifest m : registry.manifests()) {
            models.put(m.name(), new JsonObject().put("version", m.version()).put("task", m.task().name().toLowerCase(java.util.Locale.ROOT))
                    .put("provider", providers.get(m.name())));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models_loaded", models.size());
        out.put("models", models);
        return out;
    }
}
