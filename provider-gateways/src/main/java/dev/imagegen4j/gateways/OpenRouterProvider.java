package dev.imagegen4j.gateways;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.util.Set;

/**
 * The {@code openrouter} provider. Settings: {@code api-key} (falls back to {@code OPENROUTER_API_KEY} only when the
 * application passed the environment in), {@code base-url}, {@code app-url}, {@code app-name}, {@code models},
 * {@code max-download-bytes}, plus the common keys.
 */
public final class OpenRouterProvider implements ImageGeneratorProvider {

    private static final Set<String> KEYS = GatewayBuilder.keys(Set.of("app-url", "app-name"));

    @Override
    public String id() {
        return "openrouter";
    }

    @Override
    public Set<String> settingKeys() {
        return KEYS;
    }

    @Override
    public ImageGenerator create(ProviderSettings s) {
        s.requireOnlyKeys(id(), KEYS);
        OpenRouterImageGenerator.Builder b = OpenRouterImageGenerator.builder();
        b.apiKey(s.secretOrEnv("api-key", "OPENROUTER_API_KEY").orElseThrow(() -> s.error("setting 'api-key' is "
                + "required for provider openrouter (or pass the environment with OPENROUTER_API_KEY set)")));
        s.uri("base-url").ifPresent(b::baseUrl);
        s.string("app-url").ifPresent(b::appUrl);
        s.string("app-name").ifPresent(b::appName);
        b.settings(s);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw s.withName(e);
        }
    }
}
