package dev.imagegen4j;

import dev.imagegen4j.internal.Suggestions;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds providers on the class path ({@link ServiceLoader}) and creates generators by provider id.
 *
 * <pre>{@code
 * ImageGenerator openai = ImageGenerators.create("openai", ProviderSettings.builder()
 *     .put("api-key", Secret.of(key)).build());
 * }</pre>
 *
 * <p>Discovery isolates a broken provider (one whose class cannot be loaded or instantiated): the
 * others still work, and an unknown id's message names what failed to load and why. Two providers with
 * one id fail naming both classes. Thread-safe; nothing is cached, so each call sees the class path as
 * it is.
 */
public final class ImageGenerators {

    private ImageGenerators() {
    }

    /** The installed providers by id, sorted, from the class loader that loaded imagegen4j. */
    public static Map<String, ImageGeneratorProvider> installed() {
        return installed(defaultClassLoader());
    }

    /**
     * The installed providers by id, sorted, from {@code classLoader}.
     *
     * @throws IllegalStateException if two providers share an id, naming both classes
     */
    public static Map<String, ImageGeneratorProvider> installed(ClassLoader classLoader) {
        return discover(classLoader).providers;
    }

    /**
     * Creates a generator with the provider whose id is {@code providerId}.
     *
     * @throws IllegalArgumentException if no provider has that id, listing the installed ids (and those
     *                                  that failed to load), or if a setting is missing or malformed
     * @throws IllegalStateException    if two providers share the id
     */
    public static ImageGenerator create(String providerId, ProviderSettings settings) {
        return create(providerId, settings, defaultClassLoader());
    }

    /** As {@link #create(String, ProviderSettings)}, discovering providers in {@code classLoader}. */
    public static ImageGenerator create(String providerId, ProviderSettings settings, ClassLoader classLoader) {
        return provider(providerId, classLoader).create(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * The default generator or route of the configuration file at {@code file} (see
     * {@link dev.imagegen4j.config.ImageGenConfig}), with {@code ${VAR}} read from the environment.
     *
     * @throws dev.imagegen4j.config.ConfigException naming the file, the place and the problem
     */
    public static ImageGenerator fromConfig(java.nio.file.Path file) {
        return dev.imagegen4j.config.ImageGenConfig.load(file).openDefault();
    }

    /** The generator or route called {@code name} in the configuration file at {@code file}. */
    public static ImageGenerator fromConfig(java.nio.file.Path file, String name) {
        return dev.imagegen4j.config.ImageGenConfig.load(file).open(name);
    }

    /**
     * The default generator or route of the configuration found at the default location: the file named
     * by {@code IMAGEGEN4J_CONFIG}, else {@code ./imagegen4j.yaml}, else
     * {@code ~/.config/imagegen4j/config.yaml}.
     *
     * @throws dev.imagegen4j.config.ConfigException if there is none or it is wrong
     */
    public static ImageGenerator fromConfig() {
        java.nio.file.Path file = dev.imagegen4j.config.ImageGenConfig.defaultLocation(System.getenv())
                .orElseThrow(() -> new dev.imagegen4j.config.ConfigException("no configuration file: set "
                        + dev.imagegen4j.config.ImageGenConfig.ENV_VAR + ", or create ./imagegen4j.yaml or "
                        + "~/.config/imagegen4j/config.yaml"));
        return fromConfig(file);
    }

    /**
     * The provider with id {@code providerId}.
     *
     * @throws IllegalArgumentException if none has it, listing the installed ids
     */
    public static ImageGeneratorProvider provider(String providerId, ClassLoader classLoader) {
        Objects.requireNonNull(providerId, "providerId");
        Discovery d = discover(classLoader);
        ImageGeneratorProvider p = d.providers.get(providerId);
        if (p != null) {
            return p;
        }
        StringBuilder msg = new StringBuilder("no image generator provider with id '").append(providerId)
                .append("'").append(Suggestions.didYouMean(providerId, d.providers.keySet()))
                .append("; installed: ")
                .append(d.providers.isEmpty() ? "none" : String.join(", ", d.providers.keySet()));
        if (!d.failures.isEmpty()) {
            msg.append("; failed to load: ").append(String.join("; ", d.failures));
        }
        if (d.providers.isEmpty()) {
            msg.append(". Add a provider module (e.g. dev.imagegen4j:imagegen4j-provider-openai) to the class path");
        }
        throw new IllegalArgumentException(msg.toString());
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader cl = ImageGenerators.class.getClassLoader();
        return cl != null ? cl : ClassLoader.getSystemClassLoader();
    }

    private static Discovery discover(ClassLoader classLoader) {
        Map<String, ImageGeneratorProvider> providers = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Iterator<ImageGeneratorProvider> it = ServiceLoader.load(ImageGeneratorProvider.class, classLoader).iterator();
        while (true) {
            ImageGeneratorProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                failures.add(String.valueOf(e.getMessage()) + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
                continue;
            }
            String id;
            try {
                id = p.id();
            } catch (RuntimeException e) {
                failures.add(p.getClass().getName() + ": id() threw " + e);
                continue;
            }
            ImageGeneratorProvider previous = providers.putIfAbsent(id, p);
            if (previous != null && previous.getClass() != p.getClass()) {
                throw new IllegalStateException("two image generator providers have the id '" + id + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName()
                        + "; remove one of them from the class path");
            }
        }
        return new Discovery(providers, failures);
    }

    private static final class Discovery {
        final Map<String, ImageGeneratorProvider> providers;
        final List<String> failures;

        Discovery(Map<String, ImageGeneratorProvider> providers, List<String> failures) {
            this.providers = java.util.Collections.unmodifiableMap(providers);
            this.failures = failures;
        }
    }
}
