package dev.imagegen4j.azure;

import dev.imagegen4j.Background;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.BearerTokens;
import dev.imagegen4j.openai.wire.WireDialect;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Azure OpenAI: classic deployment URLs or v1 URLs, {@code api-key} or Entra ID bearer tokens, logical
 * models mapped to deployments, and Azure's narrower options (no webp, transparency only as png, no
 * variations, streaming on v1).
 */
final class AzureDialect implements WireDialect {

    private static final Set<String> INPUT_TYPES = Set.of("image/png", "image/jpeg");

    private final String endpoint;
    private final AzureUrlStyle style;
    private final String apiVersion;
    private final Secret apiKey;
    private final BearerTokens tokens;
    private final Map<ModelId, String> deployments;

    AzureDialect(String endpoint, AzureUrlStyle style, String apiVersion, Secret apiKey, BearerTokens tokens,
            Map<ModelId, String> deployments) {
        this.endpoint = endpoint;
        this.style = style;
        this.apiVersion = apiVersion;
        this.apiKey = apiKey;
        this.tokens = tokens;
        this.deployments = Map.copyOf(deployments);
    }

    @Override
    public String providerId() {
        return "azure";
    }

    @Override
    public URI endpoint(ImageOperation operation, String wireModel) {
        String op = operation == ImageOperation.GENERATE ? "generations"
                : operation == ImageOperation.EDIT ? "edits" : "variations";
        String query = apiVersion == null ? "" : "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
        if (style == AzureUrlStyle.CLASSIC) {
            // deployment names are checked to be URL-safe when the generator is built
            return URI.create(endpoint + "/openai/deployments/" + wireModel + "/images/" + op + query);
        }
        return URI.create(endpoint + "/openai/v1/images/" + op + query);
    }

    @Override
    public void headers(BiConsumer<String, String> header) {
        if (apiKey != null) {
            header.accept("api-key", apiKey.reveal());
        } else {
            header.accept("Authorization", "Bearer " + tokens.token());
        }
    }

    @Override
    public String wireModel(ModelId model) {
        String deployment = deployments.get(model);
        if (deployment == null) {
            throw new ModelNotFoundException("no Azure deployment is configured for model " + model
                    + " (deployments: " + describe(deployments) + "); add one, e.g. deployments: {" + model
                    + ": <your deployment name>}", null, providerId(), 0, null, null);
        }
        return deployment;
    }

    static String describe(Map<ModelId, String> deployments) {
        return deployments.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " -> " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    @Override
    public boolean sendsModel(ImageOperation operation) {
        return style == AzureUrlStyle.V1;
    }

    @Override
    public ModelCapabilities narrow(ModelId model, ModelCapabilities caps) {
        EnumSet<ImageOperation> ops = EnumSet.noneOf(ImageOperation.class);
        ops.addAll(caps.operations());
        ops.remove(ImageOperation.VARIATION);
        if (caps.family().equals("dall-e")) {
            ops.remove(ImageOperation.EDIT); // Azure offers no DALL·E edits
        }
        if (ops.isEmpty()) {
            ops.add(ImageOperation.GENERATE);
        }
        ModelCapabilities.Builder b = caps.toBuilder()
                .narrowedBy("Azure OpenAI")
                .operations(ops.toArray(new ImageOperation[0]))
                .streaming(caps.supportsStreaming() && style == AzureUrlStyle.V1)
                .imageReferences(false); // Azure documents multipart edits only
        if (!caps.outputFormats().isEmpty()) {
            Set<OutputFormat> formats = new LinkedHashSet<>(caps.outputFormats());
            formats.remove(OutputFormat.WEBP);
            b.outputFormats(formats.toArray(new OutputFormat[0]));
        }
        Set<String> inputs = new LinkedHashSet<>(caps.inputMimeTypes());
        inputs.retainAll(INPUT_TYPES);
        if (!inputs.isEmpty()) {
            b.inputMimeTypes(inputs.toArray(new String[0]));
        }
        if (caps.family().equals("gpt-image")) {
            b.note("Azure OpenAI's default quality for gpt-image models is high (OpenAI's is auto)");
        }
        return b.build();
    }

    @Override
    public List<String> validate(ImageRequest request, ModelId model, ModelCapabilities capabilities) {
        if (style == AzureUrlStyle.CLASSIC && apiVersion != null) {
            java.util.Optional<String> lacks = AzureApiVersions.lacksGptImage(apiVersion);
            boolean gptImage = capabilities.family().equals("gpt-image");
            if (lacks.isPresent() && (gptImage || request.operation() == ImageOperation.EDIT)) {
                throw new InvalidRequestException("api-version", lacks.get() + ", so " + (gptImage ? model
                        + " cannot be called" : "edits cannot be sent") + " with it: use api-version "
                        + AzureApiVersions.FIRST_GPT_IMAGE + " or later, or url-style v1 (nothing was sent)");
            }
        }
        if (capabilities.outputFormats().isEmpty()) {
            return List.of();
        }
        OutputFormat format = request.outputFormat().orElse(OutputFormat.PNG);
        if (request.outputFormat().isPresent() && format.equals(OutputFormat.WEBP)) {
            throw new InvalidRequestException("output_format", "output format webp for " + model
                    + ": Azure OpenAI does not offer webp; use png or jpeg");
        }
        if (Background.TRANSPARENT.equals(request.background().orElse(null)) && !format.equals(OutputFormat.PNG)) {
            throw new InvalidRequestException("background", "background transparent for " + model
                    + ": Azure OpenAI needs output format png for a transparent background (got " + format + ")");
        }
        return List.of();
    }

    @Override
    public boolean supportsStreaming() {
        return style == AzureUrlStyle.V1;
    }

    @Override
    public List<String> requestIdHeaders() {
        return List.of("apim-request-id", "x-request-id");
    }

    @Override
    public List<String> secretsToRedact() {
        List<String> out = new ArrayList<>(1);
        if (apiKey != null) {
            out.add(apiKey.reveal());
        }
        if (tokens != null) {
            tokens.current().ifPresent(out::add);
        }
        return out;
    }
}
