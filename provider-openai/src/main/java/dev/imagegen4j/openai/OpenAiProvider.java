package dev.imagegen4j.openai;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.openai.wire.WireSettings;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.util.Set;

/**
 * The {@code openai} provider. Settings: {@code api-key} (falls back to {@code OPENAI_API_KEY} only when
 * the application passed the environment in), {@code base-url}, {@code organization}, {@code project},
 * plus the common keys of {@link WireSettings}. Fills {@link OpenAiImageGenerator#builder()}.
 */
public final class OpenAiProvider implements ImageGeneratorProvider {

    private static final Set<String> KEYS = WireSettings.keysWith(Set.of("api-key", "base-url", "organization",
            "project"));

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public Set<String> settingKeys() {
        return KEYS;
    }

    @Override
    public ImageGenerator create(ProviderSettings s) {
        s.requireOnlyKeys(id(), KEYS);
        OpenAiImageGenerator.Builder b = OpenAiImageGenerator.builder();
        b.apiKey(s.secretOrEnv("api-key", "OPENAI_API_KEY")
                .orElseThrow(() -> s.error("setting 'api-key' is required for provider openai (or pass the environment with "
                        + "OPENAI_API_KEY set)")));
        s.uri("base-url").ifPresent(b::baseUrl);
        s.string("organization").ifPresent(b::organization);
        s.string("project").ifPresent(b::project);
        b.settings(s);
        return b.build();
    }
}
