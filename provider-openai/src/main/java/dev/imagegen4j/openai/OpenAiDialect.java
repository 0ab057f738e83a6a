package dev.imagegen4j.openai;

import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireDialect;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;

/** OpenAI itself: Bearer key, optional organization and project headers, model ids as they are. */
final class OpenAiDialect implements WireDialect {

    private final String base;
    private final Secret apiKey;
    private final String organization;
    private final String project;
    /** The endpoint of each operation by ordinal (the same for every model), made once. */
    private final java.util.List<URI> endpoints;

    OpenAiDialect(URI baseUrl, Secret apiKey, String organization, String project) {
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.apiKey = apiKey;
        this.organization = organization;
        this.project = project;
        java.util.List<URI> e = new java.util.ArrayList<>();
        for (ImageOperation operation : ImageOperation.values()) {
            e.add(URI.create(base + "/images/" + (operation == ImageOperation.GENERATE ? "generations"
                    : operation == ImageOperation.EDIT ? "edits" : "variations")));
        }
        this.endpoints = java.util.List.copyOf(e);
    }

    @Override
    public String providerId() {
        return "openai";
    }

    @Override
    public URI endpoint(ImageOperation operation, String wireModel) {
        return endpoints.get(operation.ordinal());
    }

    @Override
    public void headers(BiConsumer<String, String> header) {
        header.accept("Authorization", "Bearer " + apiKey.reveal());
        if (organization != null) {
            header.accept("OpenAI-Organization", organization);
        }
        if (project != null) {
            header.accept("OpenAI-Project", project);
        }
    }

    @Override
    public String wireModel(ModelId model) {
        return model.value();
    }

    @Override
    public List<String> secretsToRedact() {
        return List.of(apiKey.reveal());
    }
}
