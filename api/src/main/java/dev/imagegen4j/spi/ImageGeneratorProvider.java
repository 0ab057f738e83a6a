package dev.imagegen4j.spi;

import dev.imagegen4j.ImageGenerator;
import java.util.Set;

/**
 * A vendor adapter, discovered through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.imagegen4j.spi.ImageGeneratorProvider}. Implementations need a public
 * no-argument constructor, must be thread-safe and must do no I/O until {@link #create} is called.
 *
 * <p>A provider's plain builder (e.g. {@code OpenAiImageGenerator.builder()}) is the single source of
 * truth; {@code create} only fills it from settings.
 */
public interface ImageGeneratorProvider {

    /** The id used in configuration, e.g. {@code openai}, {@code azure}, {@code aimlapi}. Lower case, unique. */
    String id();

    /**
     * Creates a generator from {@code settings}.
     *
     * @throws IllegalArgumentException naming the setting when one is missing, unknown or malformed
     */
    ImageGenerator create(ProviderSettings settings);

    /**
     * The setting keys this provider reads, for rejecting unknown keys with a suggestion. The default,
     * an empty set, means "do not check".
     */
    default Set<String> settingKeys() {
        return Set.of();
    }
}
