package dev.imagegen4j.aimlapi;

import dev.imagegen4j.ModelId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logical model ids to a gateway's wire ids. Ids without a mapping get the gateway's prefix for GPT Image ids
 * ({@code openai/} on AI/ML API, so a new GPT Image model is usable the day it ships) or pass through unchanged.
 * Immutable.
 */
final class ModelMap {

    private final Map<ModelId, String> map;
    private final String gptImagePrefix;

    ModelMap(Map<ModelId, String> defaults, Map<ModelId, String> overrides, String gptImagePrefix) {
        Map<ModelId, String> m = new LinkedHashMap<>(defaults);
        overrides.forEach((model, wire) -> {
            if (wire == null || wire.isBlank()) {
                throw new IllegalArgumentException("model mapping for " + model + " is blank; give the gateway's id");
            }
            m.put(model, wire.strip());
        });
        this.map = Map.copyOf(m);
        this.gptImagePrefix = gptImagePrefix;
    }

    String wireModel(ModelId model) {
        String mapped = map.get(model);
        if (mapped != null) {
            return mapped;
        }
        if (gptImagePrefix != null && model.value().startsWith("gpt-image-")) {
            return gptImagePrefix + model.value();
        }
        return model.value();
    }
}
