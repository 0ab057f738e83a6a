package dev.imagegen4j.gateways;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.util.Set;

/**
 * The {@code replicate} provider. Settings: {@code api-key} (falls back to {@code REPLICATE_API_TOKEN} only when the
 * application passed the environment in), {@code base-url}, {@code models} (logical id to a Replicate id or a
 * {@code hosts.yaml} entry), {@code sync-wait} ({@code Prefer: wait}, 0 to 60 s), {@code poll-interval},
 * {@code max-poll-interval}, {@code job-timeout}, {@code max-download-bytes}, plus the common keys.
 */
public final class ReplicateProvider implements ImageGeneratorProvider {

    private static final Set<String> KEYS = GatewayBuilder.keys(Set.of("sync-wait"));

    @Override
    public String id() {
        return "replicate";
    }

    @Override
    public Set<String> settingKeys() {
        return KEYS;
    }

    @Override
    public ImageGenerator create(ProviderSettings s) {
        s.requireOnlyKeys(id(), KEYS);
        ReplicateImageGenerator.Builder b = ReplicateImageGenerator.builder();
        b.apiKey(s.secretOrEnv("api-key", "REPLICATE_API_TOKEN").orElseThrow(() -> s.error("setting 'api-key' is "
                + "required for provider replicate (or pass the environment with REPLICATE_API_TOKEN set)")));
        s.uri("base-url").ifPresent(b::baseUrl);
        if (s.has("sync-wait")) {
            b.syncWait(s.duration("sync-wait", java.time.Duration.ofSeconds(60)));
        }
        b.settings(s);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw s.withName(e);
        }
    }
}
