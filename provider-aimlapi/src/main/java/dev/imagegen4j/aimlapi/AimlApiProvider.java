package dev.imagegen4j.aimlapi;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.openai.wire.WireSettings;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.util.Set;

/**
 * The {@code aimlapi} provider. Settings: {@code api-key} (falls back to {@code AIMLAPI_API_KEY} only when
 * the application passed the environment in), {@code base-url}, {@code models} (logical id to AI/ML API id,
 * overriding the defaults), plus the common keys of {@link WireSettings}. Fills
 * {@link AimlApiImageGenerator#builder()}.
 */
public final class AimlApiProvider implements ImageGeneratorProvider {

    private static final Set<String> KEYS = WireSettings.keysWith(Set.of("api-key", "base-url", "models"));

    @Override
    public String id() {
        return "aimlapi";
    }

    @Override
    public Set<String> settingKeys() {
        return KEYS;
    }

    @Override
    public ImageGenerator create(ProviderSettings s) {
        s.requireOnlyKeys(id(), KEYS);
        AimlApiImageGenerator.Builder b = AimlApiImageGenerator.builder();
        b.apiKey(s.secretOrEnv("api-key", "AIMLAPI_API_KEY")
                .orElseThrow(() -> s.error("setting 'api-key' is required for provider "
                        + "aimlapi (or pass the environment with AIMLAPI_API_KEY set)")));
        s.uri("base-url").ifPresent(b::baseUrl);
        b.models(s.stringMap("models"));
        b.settings(s);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw s.withName(e);
        }
    }
}
