package dev.imagegen4j.google;

import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.BearerTokens;
import dev.imagegen4j.openai.wire.WireCodec;
import dev.imagegen4j.openai.wire.WireDialect;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Gemini image models on the Gemini API or Vertex AI: URLs, {@code x-goog-api-key} or a bearer token, logical
 * models mapped to Gemini models, one image per call, no streaming; messages by {@link GoogleCodec}. Thread-safe.
 */
final class GoogleDialect implements WireDialect {

    /** Families Google does not serve: a request for one needs a mapping to a Gemini model. */
    private static final Set<String> FOREIGN_FAMILIES = Set.of("gpt-image", "dall-e");

    private final GoogleUrlStyle style;
    private final String base;
    private final String project;
    private final String location;
    private final Secret apiKey;
    private final BearerTokens tokens;
    private final Map<ModelId, ModelId> models;
    private final ModelCatalog catalog;
    private final GoogleCodec codec;

    GoogleDialect(GoogleUrlStyle style, String base, String project, String location, Secret apiKey,
            BearerTokens tokens, Map<ModelId, ModelId> models, ModelCatalog catalog, boolean includeText) {
        this.style = style;
        this.base = base;
        this.project = project;
        this.location = location;
        this.apiKey = apiKey;
        this.tokens = tokens;
        this.models = Map.copyOf(models);
        this.catalog = catalog;
        this.codec = new GoogleCodec(providerId(), includeText);
    }

    @Override
    public String providerId() {
        return "google";
    }

    @Override
    public String lifecycleId() {
        return style == GoogleUrlStyle.VERTEX ? "vertex" : "google";
    }

    @Override
    public Optional<WireCodec> codec() {
        return Optional.of(codec);
    }

    @Override
    public URI endpoint(ImageOperation operation, String wireModel) {
        String model = segment(wireModel) + ":generateContent";
        if (style == GoogleUrlStyle.GEMINI) {
            return URI.create(base + "/v1beta/models/" + model);
        }
        if (project == null) {
            return URI.create(base + "/v1/publishers/google/models/" + model);
        }
        return URI.create(base + "/v1/projects/" + segment(project) + "/locations/" + segment(location)
                + "/publishers/google/models/" + model);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void headers(BiConsumer<String, String> header) {
        if (tokens != null) {
            header.accept("Authorization", "Bearer " + tokens.token());
        } else {
            header.accept("x-goog-api-key", apiKey.reveal());
        }
    }

    @Override
    public String wireModel(ModelId model) {
        return models.getOrDefault(model, model).value();
    }

    /**
     * A mapped model takes the rules of the Gemini model it is served by; a model of a family Google does not serve
     * (GPT Image, DALL·E) without a mapping is refused, so a route skips this provider for it with the reason.
     */
    @Override
    public ModelCapabilities narrow(ModelId model, ModelCapabilities capabilities) {
        ModelId served = models.get(model);
        if (served != null) {
            return catalog.resolve(served).capabilities();
        }
        if (FOREIGN_FAMILIES.contains(capabilities.family())) {
            throw new ModelNotFoundException(model + " is a " + capabilities.family() + " model, which Google does "
                    + "not serve; request a Gemini image model (e.g. gemini-3-pro-image), or map it to one (models: { "
                    + model + ": gemini-3-pro-image })" + (models.isEmpty() ? "" : "; mapped: " + describe()), null,
                    providerId(), 0, null, "model_not_served");
        }
        return capabilities;
    }

    private String describe() {
        List<String> out = new ArrayList<>();
        models.forEach((k, v) -> out.add(k + " -> " + v));
        return String.join(", ", out);
    }

    @Override
    public List<String> validate(ImageRequest request, ModelId model, ModelCapabilities capabilities) {
        if (request.images().stream().anyMatch(dev.imagegen4j.ImageInput::isReference)) {
            throw new dev.imagegen4j.InvalidRequestException("image", "image references (URLs, file ids) are not sent "
                    + "to Gemini, whatever the model: give each reference image as a file or bytes (sent inline)");
        }
        List<String> warnings = new ArrayList<>();
        ModelId served = models.get(model);
        if (served != null) {
            warnings.add(model + " is served by google as " + served);
        }
        request.user().ifPresent(u -> warnings.add("user ignored: Gemini has no user field"));
        return warnings;
    }

    @Override
    public int maxImagesPerCall(ImageOperation operation, ModelId model, ModelCapabilities capabilities) {
        return 1;
    }

    @Override
    public boolean supportsStreaming() {
        return false;
    }

    @Override
    public List<String> requestIdHeaders() {
        return List.of("x-request-id", "x-goog-request-id");
    }

    @Override
    public List<String> secretsToRedact() {
        List<String> out = new ArrayList<>(2);
        if (apiKey != null) {
            out.add(apiKey.reveal());
        }
        if (tokens != null) {
            tokens.current().ifPresent(out::add);
        }
        return out;
    }
}
