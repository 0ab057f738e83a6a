package dev.imagegen4j.azure;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.Quality;
import dev.imagegen4j.spi.ProviderSettings;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs inside a class loader without com.azure classes (see {@link WithoutAzureIdentityTest}): uses the Azure
 * provider with an api-key and asks for {@code entra-id}; returns what happened as text.
 */
public final class NoAzureProbe implements Function<String, String> {

    @Override
    public String apply(String endpoint) {
        try {
            Class.forName("com.azure.core.credential.TokenCredential");
            return "azure-core is visible: the isolation does not work";
        } catch (ClassNotFoundException expected) {
            // the point of this probe
        }
        StringBuilder out = new StringBuilder();
        try (ImageGenerator azure = AzureImageGenerator.builder().endpoint(endpoint).apiKey("probe-key")
                .deployment("gpt-image-2", "img2").tokenRefreshMargin(java.time.Duration.ofMinutes(1)).build()) {
            ImageResult r = azure.generate(ImageRequest.builder().prompt("x").quality(Quality.LOW).build());
            out.append("generated ").append(r.wireModel());
        }
        try (ImageGenerator token = AzureImageGenerator.builder().endpoint(endpoint).deployment("gpt-image-2", "img2")
                .tokenSupplier(() -> AzureToken.of("plain-token", java.time.Instant.MAX)).build()) {
            out.append("; token ").append(token.generate(ImageRequest.builder().prompt("y").quality(Quality.LOW)
                    .build()).providerId());
        }
        try {
            ImageGenerators.create("azure", ProviderSettings.of(Map.of("endpoint", endpoint, "entra-id", true,
                    "deployments", Map.of("gpt-image-2", "img2"))));
            out.append("; entra-id created without azure-identity?");
        } catch (IllegalArgumentException e) {
            out.append("; entra-id: ").append(e.getMessage());
        }
        return out.toString();
    }
}
