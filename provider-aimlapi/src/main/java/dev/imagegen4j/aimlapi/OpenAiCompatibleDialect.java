package dev.imagegen4j.aimlapi;

import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireDialect;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;

/** A relay speaking the OpenAI Images protocol: its own base URL, optional model map and auth header. */
final class OpenAiCompatibleDialect implements WireDialect {

    private final String base;
    private final Secret apiKey;
    private final String authHeader;
    private final ModelMap models;
    private final boolean streaming;
    private final int maxImagesPerCall;

    OpenAiCompatibleDialect(URI baseUrl, Secret apiKey, String authHeader, ModelMap models, boolean streaming,
            int maxImagesPerCall) {
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.apiKey = apiKey;
        this.authHeader = authHeader;
        this.models = models;
        this.streaming = streaming;
        this.maxImagesPerCall = maxImagesPerCall;
    }

    @Override
    public String providerId() {
        return "openai-compatible";
    }

    @Override
    public URI endpoint(ImageOperation operation, String wireModel) {
        return URI.create(base + "/images/" + (operation == ImageOperation.EDIT ? "edits"
                : operation == ImageOperation.GENERATE ? "generations" : "variations"));
    }

    @Override
    public void headers(BiConsumer<String, String> header) {
        if (apiKey == null) {
            return;
        }
        if (authHeader.equalsIgnoreCase("Authorization")) {
            header.accept("Authorization", "Bearer " + apiKey.reveal());
        } else {
            header.accept(authHeader, apiKey.reveal());
        }
    }

    @Override
    public String wireModel(ModelId model) {
        return models.wireModel(model);
    }

    @Override
    public ModelCapabilities narrow(ModelId model, ModelCapabilities capabilities) {
        return streaming ? capabilities : capabilities.toBuilder().narrowedBy("this relay").streaming(false).build();
    }

    @Override
    public int maxImagesPerCall(ImageOperation operation, ModelId model, ModelCapabilities capabilities) {
        return maxImagesPerCall > 0 ? Math.min(maxImagesPerCall, capabilities.maxN()) : capabilities.maxN();
    }

    @Override
    public boolean supportsStreaming() {
        return streaming;
    }

    @Override
    public List<String> secretsToRedact() {
        return apiKey == null ? List.of() : List.of(apiKey.reveal());
    }
}
