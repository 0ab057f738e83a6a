package dev.imagegen4j.cli.mcp;

import dev.imagegen4j.ImageSize;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OptionRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON schemas of the tools, generated from the catalog entry of the model the server uses (narrowed by its
 * vendor): sizes, qualities, formats and every other option the model takes become enums, ranges and limits, so a
 * client sees what the model takes. The catalog is data, and values are open: when the model's rules are inferred
 * (an id the catalog does not know) or unknown, the schema lists the known values as examples instead of an enum,
 * and the catalog's checks decide (with warnings) when the request is made.
 *
 * <p>Immutable and thread-safe.
 */
final class ToolSchemas {

    static final String PROMPT = "prompt";
    static final String SIZE = "size";
    static final String N = "n";
    static final String IMAGES = "images";
    static final String MASK = "mask";
    static final String KEY = "idempotency_key";
    static final String WAIT = "wait_seconds";
    static final String INCLUDE_IMAGE = "include_image";
    static final String JOB_ID = "job_id";

    /**
     * The most images one call may ask for, whatever the model allows: an agent's {@code n} is paid per image, and a
     * model the catalog does not know has no limit of its own.
     */
    static final int MAX_N = 10;

    /** An idempotency key: what a client may put there. */
    static final String KEY_PATTERN = "^[A-Za-z0-9._:-]{1,128}$";

    /** Catalog options the tools never expose: the server decides them (bytes, no streaming, no end-user ids). */
    private static final Set<String> SERVER_DECIDES = Set.of("response_format", "partial_images", "user",
            "safety_identifier");
    /** Options that only apply to edits. */
    private static final Set<String> EDIT_ONLY = Set.of("input_fidelity");

    private final ModelId model;
    private final ModelCapabilities caps;
    private final boolean exact;
    private final String inferredFrom;
    private final int maxWaitSeconds;

    ToolSchemas(ModelId model, ModelCapabilities caps, ModelCatalog.Resolution resolution, int maxWaitSeconds) {
        this.model = model;
        this.caps = caps;
        this.exact = !resolution.isInferred();
        this.inferredFrom = resolution.matched() == null ? null : resolution.matched().value();
        this.maxWaitSeconds = maxWaitSeconds;
    }

    /** Whether the schemas state the model's rules exactly (a catalog entry) rather than as examples. */
    boolean exact() {
        return exact;
    }

    /** The option names (wire names) the generate or edit tool takes, in catalog order. */
    List<String> optionNames(boolean edit) {
        List<String> out = new ArrayList<>();
        for (String name : caps.options().keySet()) {
            if (!SERVER_DECIDES.contains(name) && (edit || !EDIT_ONLY.contains(name))) {
                out.add(name);
            }
        }
        return out;
    }

    Map<String, Object> generateInput() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(PROMPT, prompt("What the image shows, in detail: subject, composition, style, colours, mood."));
        props.put(SIZE, size());
        options(props, false);
        props.put(N, count());
        common(props);
        return object(props, List.of(PROMPT));
    }

    Map<String, Object> editInput() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(PROMPT, prompt("What to change, e.g. 'make the sky darker', or how to combine the images."));
        Map<String, Object> images = new LinkedHashMap<>();
        images.put("type", "array");
        images.put("description", "The images to edit, first the one that changes: a file name in the image "
                + "directory (e.g. an earlier result's name such as 'a-red-fox.png'), a path inside it, or the job_id "
                + "of an earlier result.");
        images.put("items", Map.of("type", "string", "minLength", 1));
        images.put("minItems", 1);
        if (exact) {
            images.put("maxItems", caps.maxReferenceImages());
        }
        props.put(IMAGES, images);
        if (caps.supportsMask()) {
            props.put(MASK, Map.of("type", "string", "minLength", 1, "description", "Optional PNG mask (a file in the "
                    + "image directory) of the first image's size: its transparent pixels mark where to edit."));
        }
        props.put(SIZE, size());
        options(props, true);
        props.put(N, count());
        common(props);
        return object(props, List.of(PROMPT, IMAGES));
    }

    static Map<String, Object> resultInput(int maxWaitSeconds) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(JOB_ID, Map.of("type", "string", "minLength", 1, "description",
                "The job_id a generate_image or edit_image call answered with."));
        props.put(WAIT, waitSeconds(maxWaitSeconds));
        props.put(INCLUDE_IMAGE, includeImage());
        return object(props, List.of(JOB_ID));
    }

    static Map<String, Object> emptyInput() {
        return object(new LinkedHashMap<>(), List.of());
    }

    /** What generate_image, edit_image and get_image_result answer with as structured content. */
    static Map<String, Object> imageOutput() {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("type", "object");
        Map<String, Object> ip = new LinkedHashMap<>();
        ip.put("name", Map.of("type", "string"));
        ip.put("path", Map.of("type", "string"));
        ip.put("uri", Map.of("type", "string"));
        ip.put("width", Map.of("type", "integer"));
        ip.put("height", Map.of("type", "integer"));
        ip.put("format", Map.of("type", "string"));
        ip.put("mime_type", Map.of("type", "string"));
        ip.put("bytes", Map.of("type", "integer"));
        ip.put("revised_prompt", Map.of("type", "string"));
        image.put("properties", ip);
        image.put("required", List.of("name", "path", "uri"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("status", Map.of("type", "string", "enum", List.of("done", "running"),
                "description", "done: the images are saved; running: call get_image_result with job_id later"));
        props.put(JOB_ID, Map.of("type", "string"));
        props.put("images", Map.of("type", "array", "items", image));
        props.put("model", Map.of("type", "string"));
        props.put("wire_model", Map.of("type", "string"));
        props.put("provider", Map.of("type", "string"));
        props.put("generator", Map.of("type", "string"));
        props.put("request_id", Map.of("type", "string"));
        props.put("usage", Map.of("type", "object"));
        props.put("cost", Map.of("type", "object"));
        props.put("warnings", Map.of("type", "array", "items", Map.of("type", "string")));
        props.put("latency_ms", Map.of("type", "integer"));
        props.put("elapsed_seconds", Map.of("type", "integer"));
        props.put("replayed", Map.of("type", "boolean", "description",
                "true when this is the result of an earlier call with the same idempotency_key (not paid again)"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        schema.put("required", List.of("status", JOB_ID));
        return schema;
    }

    static Map<String, Object> modelsOutput() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server_model", Map.of("type", "string"));
        props.put("catalog_version", Map.of("type", "string"));
        props.put("models", Map.of("type", "array", "items", Map.of("type", "object")));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        schema.put("required", List.of("server_model", "models"));
        return schema;
    }

    private Map<String, Object> prompt(String description) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "string");
        p.put("minLength", 1);
        if (exact && caps.maxPromptLength() < Integer.MAX_VALUE) {
            p.put("maxLength", caps.maxPromptLength());
        }
        p.put("description", description);
        return p;
    }

    private Map<String, Object> size() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "string");
        if (exact && caps.sizeRule().presetSizes().isPresent()) {
            Set<ImageSize> presets = caps.sizeRule().presetSizes().get();
            List<String> values = new ArrayList<>();
            presets.stream().filter(ImageSize::isAuto).forEach(s -> values.add(s.wireValue()));
            presets.stream().filter(s -> !s.isAuto()).forEach(s -> values.add(s.wireValue()));
            p.put("enum", values);
            p.put("description", "Image size in pixels (WIDTHxHEIGHT)" + (values.contains("auto")
                    ? "; auto lets the model choose." : "."));
        } else {
            p.put("pattern", "^(auto|[0-9]{1,5}x[0-9]{1,5})$");
            p.put("description", "Image size, WIDTHxHEIGHT in pixels or auto. " + modelName() + " takes: "
                    + caps.sizeRule().describe() + ", e.g. 1024x1024, 1536x1024 (landscape), 1024x1536 (portrait)."
                    + inferredNote());
        }
        return p;
    }

    private Map<String, Object> count() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "integer");
        p.put("minimum", 1);
        p.put("maximum", maxN());
        p.put("description", "How many images (default 1); each one is paid for.");
        return p;
    }

    /** The most images a call may ask for: the model's limit when the catalog knows it, at most {@link #MAX_N}. */
    int maxN() {
        return exact ? Math.min(caps.maxN(), MAX_N) : MAX_N;
    }

    private void options(Map<String, Object> props, boolean edit) {
        for (String name : optionNames(edit)) {
            props.put(name, option(name, caps.options().get(name)));
        }
    }

    private Map<String, Object> option(String name, OptionRule rule) {
        Map<String, Object> p = new LinkedHashMap<>();
        StringBuilder d = new StringBuilder(describeOption(name));
        if (rule.values().isPresent()) {
            List<String> values = rule.values().get().stream().map(v -> v.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toList());
            p.put("type", "string");
            if (exact) {
                p.put("enum", values);
            } else {
                d.append(" Known values: ").append(String.join(", ", values)).append('.');
            }
        } else if (rule.isRange()) {
            p.put("type", "integer");
            if (exact) {
                rule.min().ifPresent(v -> p.put("minimum", v));
                rule.max().ifPresent(v -> p.put("maximum", v));
            } else {
                d.append(" Range: ").append(rule.describe()).append('.');
            }
        }
        rule.defaultValue().ifPresent(v -> d.append(" Default ").append(v).append('.'));
        if (!rule.onlyWith().isEmpty()) {
            d.append(" Only with ").append(rule.onlyWith().entrySet().stream()
                    .map(e -> e.getKey() + " " + String.join("/", e.getValue())).collect(Collectors.joining(", ")))
                    .append('.');
        }
        if (!exact) {
            d.append(inferredNote());
        }
        p.put("description", d.toString().strip());
        return p;
    }

    private static String describeOption(String name) {
        switch (name) {
            case "quality":
                return "Rendering quality; higher costs more and takes longer.";
            case "output_format":
                return "File format of the image.";
            case "background":
                return "transparent needs png or webp.";
            case "moderation":
                return "Content moderation strictness.";
            case "complexity":
                return "Scene complexity budget.";
            case "output_compression":
                return "Compression 0-100 for jpeg and webp.";
            case "style":
                return "Rendering style.";
            case "input_fidelity":
                return "How closely the edit keeps the input images' details.";
            case "aspect_ratio":
                return "Aspect ratio, e.g. 16:9.";
            case "resolution":
                return "Resolution tier.";
            case "seed":
                return "Random seed, for repeatable images.";
            default:
                return "Model option " + name + ".";
        }
    }

    private void common(Map<String, Object> props) {
        props.put(KEY, Map.of("type", "string", "pattern", KEY_PATTERN, "description", "Optional. A key unique to "
                + "this request, e.g. a UUID. A repeated call with the same key (a retry) returns the first call's "
                + "result instead of generating and paying again, also while the first call is still running."));
        props.put(WAIT, waitSeconds(maxWaitSeconds));
        props.put(INCLUDE_IMAGE, includeImage());
    }

    private static Map<String, Object> waitSeconds(int max) {
        return Map.of("type", "integer", "minimum", 0, "maximum", max, "description", "How long to wait for the image "
                + "(default and at most " + max + " s). If it is not done by then, the answer has status 'running' and "
                + "a job_id: get the image with get_image_result, do not call again (that would pay twice). 0 starts "
                + "the job and answers at once.");
    }

    private static Map<String, Object> includeImage() {
        return Map.of("type", "boolean", "description", "Also return the full image data in the answer (default "
                + "false: the answer has the saved file's path and a resource link, which is almost always enough).");
    }

    private String modelName() {
        return model.value();
    }

    private String inferredNote() {
        return exact ? "" : " (" + model + " is not in the model catalog"
                + (inferredFrom == null ? "" : "; these rules are inferred from " + inferredFrom)
                + "; other values are sent as given.)";
    }

    private static Map<String, Object> object(Map<String, Object> props, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }
}
