package dev.imagegen4j;

import static dev.imagegen4j.ImageOperation.EDIT;
import static dev.imagegen4j.ImageOperation.GENERATE;
import static dev.imagegen4j.ImageOperation.VARIATION;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What each model supports, from the vendors' documentation (see {@code docs/wire-protocols.md}). Known
 * models are built in; an unknown id resolves by prefix, so a new model needs no release:
 *
 * <ul>
 *   <li>an id that extends a known one ({@code gpt-image-2-2026-09-01}) takes that model's rules;</li>
 *   <li>another {@code gpt-image-*} id takes the newest gpt-image rules, with a warning;</li>
 *   <li>any other id gets permissive rules (only syntax is checked locally), with a warning.</li>
 * </ul>
 *
 * <p>Users add or override entries with {@link #toBuilder()}. Instances are immutable and thread-safe.
 */
public final class ModelCatalog {

    /** DALL·E's retirement on OpenAI. */
    public static final Deprecation DALL_E_RETIREMENT = new Deprecation(LocalDate.of(2026, 5, 12),
            "removed from the OpenAI API; still served by Azure OpenAI and some gateways; use gpt-image-2");

    private static final ModelId NEWEST_GPT_IMAGE = ModelId.GPT_IMAGE_2;
    private static final ModelCatalog BUILT_IN = createBuiltIn();

    private final Map<ModelId, ModelCapabilities> entries;

    private ModelCatalog(Map<ModelId, ModelCapabilities> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** The catalog of the models imagegen4j knows. */
    public static ModelCatalog builtIn() {
        return BUILT_IN;
    }

    /** An empty catalog builder. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder holding this catalog's entries, to add or override some. */
    public Builder toBuilder() {
        return new Builder(entries);
    }

    /** The entries, in insertion order. */
    public Map<ModelId, ModelCapabilities> entries() {
        return entries;
    }

    /** The exact entry for {@code model}, if there is one. */
    public Optional<ModelCapabilities> find(ModelId model) {
        return Optional.ofNullable(entries.get(model));
    }

    /**
     * The rules for {@code model}: its entry, or by prefix as described in the class comment.
     * Never fails; look at {@link Resolution#warning()} for how it was resolved.
     */
    public Resolution resolve(ModelId model) {
        Objects.requireNonNull(model, "model");
        ModelCapabilities exact = entries.get(model);
        if (exact != null) {
            return new Resolution(model, model, exact, null);
        }
        ModelId best = null;
        for (ModelId known : entries.keySet()) {
            if (model.value().startsWith(known.value() + "-")
                    && (best == null || known.value().length() > best.value().length())) {
                best = known;
            }
        }
        if (best != null) {
            return new Resolution(model, best, entries.get(best), null);
        }
        if (model.value().startsWith("gpt-image") && entries.containsKey(NEWEST_GPT_IMAGE)) {
            return new Resolution(model, NEWEST_GPT_IMAGE, entries.get(NEWEST_GPT_IMAGE), model
                    + " is not in the model catalog; using the rules of " + NEWEST_GPT_IMAGE
                    + " (add an entry to override)");
        }
        return new Resolution(model, null, permissive(), model
                + " is not in the model catalog; only generic checks apply before sending");
    }

    private static ModelCapabilities permissive() {
        return ModelCapabilities.builder("unknown")
                .operations(GENERATE, EDIT, VARIATION)
                .mask(true).streaming(true).maxN(10).maxPromptLength(Integer.MAX_VALUE)
                .sizeRule(SizeRule.flexible(1, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, Long.MAX_VALUE))
                .qualities(Quality.values()).outputFormats(OutputFormat.values()).backgrounds(Background.values())
                .moderation(true).inputFidelity(true).style(true).responseFormat(true)
                .maxImageBytes(Long.MAX_VALUE).maxMaskBytes(Long.MAX_VALUE)
                .build();
    }

    /**
     * How a model id was resolved.
     *
     * @param requested    the id asked for
     * @param matched      the catalog entry whose rules apply; null for permissive rules
     * @param capabilities the rules
     * @param warning      why the rules are borrowed, or null for an exact or snapshot match
     */
    public record Resolution(ModelId requested, ModelId matched, ModelCapabilities capabilities, String warning) {

        /** The warning, if the rules were borrowed. */
        public Optional<String> warningText() {
            return Optional.ofNullable(warning);
        }
    }

    private static ModelCatalog createBuiltIn() {
        ModelCapabilities gptImage1 = ModelCapabilities.builder("gpt-image")
                .operations(GENERATE, EDIT).mask(true).streaming(true).maxN(10).maxPromptLength(32_000)
                .sizeRule(SizeRule.presets(ImageSize.AUTO, ImageSize.SQUARE_1024, ImageSize.LANDSCAPE_1536,
                        ImageSize.PORTRAIT_1536))
                .qualities(Quality.AUTO, Quality.LOW, Quality.MEDIUM, Quality.HIGH)
                .outputFormats(OutputFormat.values())
                .backgrounds(Background.values())
                .moderation(true).inputFidelity(true)
                .build();
        ModelCapabilities gptImage2 = gptImage1.toBuilder()
                .sizeRule(SizeRule.gptImage2())
                .note("transparent backgrounds are in preview on gpt-image-2")
                .build();
        ModelCapabilities mini = gptImage1.toBuilder().inputFidelity(false).build();
        ModelCapabilities chatgpt = gptImage1.toBuilder().operations(EDIT, GENERATE).build();
        ModelCapabilities dallE3 = ModelCapabilities.builder("dall-e")
                .operations(GENERATE).maxN(1).maxPromptLength(4000)
                .sizeRule(SizeRule.presets(ImageSize.SQUARE_1024, ImageSize.of(1792, 1024), ImageSize.of(1024, 1792)))
                .qualities(Quality.STANDARD, Quality.HD)
                .style(true).responseFormat(true)
                .deprecation(DALL_E_RETIREMENT)
                .build();
        ModelCapabilities dallE2 = ModelCapabilities.builder("dall-e")
                .operations(GENERATE, EDIT, VARIATION).mask(true).maxN(10).maxPromptLength(1000)
                .sizeRule(SizeRule.presets(ImageSize.of(256, 256), ImageSize.of(512, 512), ImageSize.SQUARE_1024))
                .qualities(Quality.STANDARD)
                .responseFormat(true)
                .maxReferenceImages(1).maxImageBytes(ModelCapabilities.MB_4).inputMimeTypes("image/png")
                .squareInputs(true)
                .deprecation(DALL_E_RETIREMENT)
                .build();
        return builder()
                .put(ModelId.GPT_IMAGE_2, gptImage2)
                .put(ModelId.GPT_IMAGE_2_2026_04_21, gptImage2)
                .put(ModelId.GPT_IMAGE_1_5, gptImage1)
                .put(ModelId.GPT_IMAGE_1, gptImage1)
                .put(ModelId.GPT_IMAGE_1_MINI, mini)
                .put(ModelId.CHATGPT_IMAGE_LATEST, chatgpt)
                .put(ModelId.DALL_E_3, dallE3)
                .put(ModelId.DALL_E_2, dallE2)
                .build();
    }

    /** Builds a {@link ModelCatalog}; not thread-safe. */
    public static final class Builder {
        private final Map<ModelId, ModelCapabilities> entries;

        private Builder(Map<ModelId, ModelCapabilities> entries) {
            this.entries = new LinkedHashMap<>(entries);
        }

        /** Adds or replaces the entry of {@code model}. */
        public Builder put(ModelId model, ModelCapabilities capabilities) {
            entries.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(capabilities, "capabilities"));
            return this;
        }

        /**
         * Adds {@code model} with the rules of {@code existing} (the config file's {@code like:}).
         *
         * @throws IllegalArgumentException if {@code existing} has no entry, listing the known models
         */
        public Builder like(ModelId model, ModelId existing) {
            ModelCapabilities caps = entries.get(existing);
            if (caps == null) {
                throw new IllegalArgumentException("model " + model + " is declared like " + existing
                        + ", which is not in the catalog (known: " + entries.keySet() + ")");
            }
            return put(model, caps);
        }

        /** Removes the entry of {@code model}. */
        public Builder remove(ModelId model) {
            entries.remove(model);
            return this;
        }

        /** The catalog. */
        public ModelCatalog build() {
            return new ModelCatalog(entries);
        }
    }
}
