package dev.imagegen4j.aimlapi;

import dev.imagegen4j.ModelId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logical model ids to a relay's wire ids ({@code openai-compatible}); ids without a mapping pass through unchanged
 * (AI/ML API's ids are data: {@code hosts.yaml}). Immutable.
 */
final class ModelMap {

    private final Map<ModelId, String> map;

    ModelMap(Map<ModelId, String> overrides) {
        Map<ModelId, String> m = new LinkedHashMap<>();
        overrides.forEach((model, wire) -> {
            if (wire == null || wire.isBlank()) {
                throw new IllegalArgumentException("model mapping for " + model + " is blank; give the gateway's id");
            }
            m.put(model, wire.strip());
        });
        this.map = Map.copyOf(m);
    }

    String wireModel(ModelId model) {
        return map.getOrDefault(model, model.value());
    }
}
