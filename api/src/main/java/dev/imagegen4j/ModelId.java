package dev.imagegen4j;

import java.util.Objects;

/**
 * A logical image model id: typed for the models imagegen4j knows, open for every other id.
 *
 * <p>A model id is <em>logical</em>: each provider maps it to its own wire id ({@code openai/gpt-image-2}
 * on AI/ML API, a deployment name on Azure). That mapping is what lets one request fail over between
 * vendors. {@code ModelId.of("gpt-image-3")} works on the day a model ships; the {@link ModelCatalog}
 * infers its rules from its family until an entry is added.
 *
 * <p>Instances are immutable and thread-safe; two ids are equal when their strings are equal.
 */
public final class ModelId implements Comparable<ModelId> {

    /** GPT Image 2.6 flare (November 2026): complexity, SVG and animated GIF output, markup-guided edits. */
    public static final ModelId GPT_IMAGE_2_6_FLARE = new ModelId("gpt-image-2.6-flare");
    /** GPT Image 2.6 sunburst (November 2026): the most capable 2.6 model. */
    public static final ModelId GPT_IMAGE_2_6_SUNBURST = new ModelId("gpt-image-2.6-sunburst");
    /** GPT Image 2.5 flare (September 2026): the fast everyday model; qualities up to {@code xhigh} and {@code max}. */
    public static final ModelId GPT_IMAGE_2_5_FLARE = new ModelId("gpt-image-2.5-flare");
    /** GPT Image 2.5 sunburst (September 2026): the most capable 2.5 model, for editing precision. */
    public static final ModelId GPT_IMAGE_2_5_SUNBURST = new ModelId("gpt-image-2.5-sunburst");
    /** gpt-image-2 (April 2026): custom sizes up to 3840 px on the long edge. */
    public static final ModelId GPT_IMAGE_2 = new ModelId("gpt-image-2");
    /** The dated snapshot that {@code gpt-image-2} points at. */
    public static final ModelId GPT_IMAGE_2_2026_04_21 = new ModelId("gpt-image-2-2026-04-21");
    /** gpt-image-1.5. */
    public static final ModelId GPT_IMAGE_1_5 = new ModelId("gpt-image-1.5");
    /** gpt-image-1: shut down on OpenAI on 2026-10-23 (still served by some hosts). */
    public static final ModelId GPT_IMAGE_1 = new ModelId("gpt-image-1");
    /** gpt-image-1-mini: the low-cost gpt-image model (no input fidelity). */
    public static final ModelId GPT_IMAGE_1_MINI = new ModelId("gpt-image-1-mini");
    /** chatgpt-image-latest: the model behind ChatGPT, listed by OpenAI for edits. */
    public static final ModelId CHATGPT_IMAGE_LATEST = new ModelId("chatgpt-image-latest");
    /** DALL·E 3: generations only, one image per call. Retired on OpenAI on 2026-05-12. */
    public static final ModelId DALL_E_3 = new ModelId("dall-e-3");
    /** DALL·E 2: generations, square PNG edits and variations. Retired on OpenAI on 2026-05-12. */
    public static final ModelId DALL_E_2 = new ModelId("dall-e-2");

    private final String value;

    private ModelId(String value) {
        this.value = value;
    }

    /**
     * Returns the id for {@code value}, a known constant or a new id.
     *
     * @throws IllegalArgumentException if {@code value} is null, blank or has surrounding white space
     */
    public static ModelId of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
        if (!value.strip().equals(value)) {
            throw new IllegalArgumentException("model id '" + value + "' has leading or trailing white space");
        }
        return new ModelId(value);
    }

    /** The id as the user and the catalog write it, e.g. {@code gpt-image-2}. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(ModelId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelId && ((ModelId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
