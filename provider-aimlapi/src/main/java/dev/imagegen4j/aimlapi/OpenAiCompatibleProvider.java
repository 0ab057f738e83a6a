package dev.imagegen4j.aimlapi;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.openai.wire.WireSettings;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.util.Set;

/**
 * The {@code openai-compatible} provider, for LiteLLM proxy and similar relays. Settings: {@code base-url}
 * (required), {@code api-key} (optional), {@code auth-header} ({@code Authorization} for Bearer, the
 * default, or another header name such as {@code api-key}), {@code models} (logical id to the gateway's
 * id), {@code streaming} (default true), {@code max-images-per-call} (default: the model's limit), plus the
 * common keys of {@link WireSettings}. Fills {@link OpenAiCompatibleImageGenerator#builder()}.
 */
public final class OpenAiCompatibleProvider implements ImageGeneratorProvider {

    private static final Set<String> KEYS = WireSettings.keysWith(Set.of("base-url", "api-key", "auth-header",
            "models", "streaming", "max-images-per-call"));

    @Override
    public String id() {
        return "openai-compatible";
    }

    @Override
    public Set<String> settingKeys() {
        return KEYS;
    }

    @Override
    public ImageGenerator create(ProviderSettings s) {
        s.requireOnlyKeys(id(), KEYS);
        OpenAiCompatibleImageGenerator.Builder b = OpenAiCompatibleImageGenerator.builder();
        b.baseUrl(s.uri("base-url").orElseThrow(() -> s.error("setting 'base-url' is "
                + "required for provider openai-compatible, e.g. http://localhost:4000/v1")));
        s.secret("api-key").ifPresent(b::apiKey);
        s.string("auth-header").ifPresent(b::authHeader);
        b.models(s.stringMap("models"));
        b.streaming(s.bool("streaming", true));
        if (s.has("max-images-per-call")) {
            b.maxImagesPerCall(s.integer("max-images-per-call", 1));
        }
        b.settings(s);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw s.withName(e);
        }
    }
}
