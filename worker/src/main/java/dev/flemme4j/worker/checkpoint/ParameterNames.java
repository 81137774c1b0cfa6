package dev.flemme4j.worker.checkpoint;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.FlemmeModel;
import java.util.HashMap;
import java.util.Map;

/** A model's parameters by hierarchical name and by (per-instance, random) DJL id, both ways. */
public record ParameterNames(Map<String, String> idToName, Map<String, String> nameToId) {
    public static ParameterNames of(FlemmeModel model) {
        Map<String, String> byId = new HashMap<>();
        Map<String, String> byName = new HashMap<>();
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            byId.put(p.getValue().getId(), p.getKey());
            byName.put(p.getKey(), p.getValue().getId());
        }
        return new ParameterNames(byId, byName);
    }
}
