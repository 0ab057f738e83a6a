package dev.imagegen4j.gateways;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.util.Set;

/**
 * The {@code fal} provider. Settings: {@code api-key} (falls back to {@code FAL_KEY} only when the application passed
 * the environment in), {@code queue-url}, {@code sync-url}, {@code sync} (true: the synchronous endpoint instead of the
 * queue), {@code models}, {@code poll-interval}, {@code max-poll-interval}, {@code job-timeout},
 * {@code max-download-bytes}, plus the common keys.
 */
public final class FalProvider implements ImageGeneratorProvider {

    private static final Set<String> KEYS = GatewayBuilder.keys(Set.of("queue-url", "sync-url", "sync"));

    @Override
    public String id() {
        return "fal";
    }

    @Override
    public Set<String> settingKeys() {
        return KEYS;
    }

    @Override
    public ImageGenerator create(ProviderSettings s) {
        s.requireOnlyKeys(id(), KEYS);
        if (s.has("base-url")) {
            throw s.error("provider fal has no base-url: set queue-url (and sync-url)");
        }
        FalImageGenerator.Builder b = FalImageGenerator.builder();
        b.apiKey(s.secretOrEnv("api-key", "FAL_KEY").orElseThrow(() -> s.error("setting 'api-key' is required for "
                + "provider fal (or pass the environment with FAL_KEY set)")));
        s.uri("queue-url").ifPresent(b::queueUrl);
        s.uri("sync-url").ifPresent(b::syncUrl);
        b.sync(s.bool("sync", false));
        b.settings(s);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw s.withName(e);
        }
    }
}
