package dev.imagegen4j.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Scopes;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Names;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Guice bindings for imagegen4j:
 *
 * <ul>
 *   <li>every provider found by {@link java.util.ServiceLoader} in a
 *       {@code MapBinder<String, ImageGeneratorProvider>} keyed by provider id (inject
 *       {@code Map<String, ImageGeneratorProvider>});</li>
 *   <li>with a configuration file: {@link ImageGenConfig}, each generator and route as
 *       {@code @Named("name") ImageGenerator} (singletons, created on first use), and the file's default
 *       as the unqualified {@code ImageGenerator}.</li>
 * </ul>
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(ImageGenModule.fromConfig(Path.of("imagegen4j.yaml")));
 * ImageGenerator images = injector.getInstance(ImageGenerator.class);
 * ImageGenerator backup = injector.getInstance(Key.get(ImageGenerator.class, Names.named("backup")));
 * }</pre>
 *
 * <p>Constructing the module does no I/O; the file is read when the injector is created, so a broken
 * file fails injector creation with the configuration's message. Generators hold connections: close
 * them when the application stops.
 */
public final class ImageGenModule extends AbstractModule {

    private final Path config;
    private final Map<String, String> environment;

    private ImageGenModule(Path config, Map<String, String> environment) {
        this.config = config;
        this.environment = environment;
    }

    /** Only the provider map; no generators. */
    public static ImageGenModule providersOnly() {
        return new ImageGenModule(null, Map.of());
    }

    /** The providers plus the generators and routes of {@code file}, interpolated from the process environment. */
    public static ImageGenModule fromConfig(Path file) {
        return new ImageGenModule(Objects.requireNonNull(file, "file"), null);
    }

    /** As {@link #fromConfig(Path)}, interpolating {@code ${VAR}} from {@code environment}. */
    public static ImageGenModule fromConfig(Path file, Map<String, String> environment) {
        return new ImageGenModule(Objects.requireNonNull(file, "file"), Map.copyOf(environment));
    }

    @Override
    protected void configure() {
        MapBinder<String, ImageGeneratorProvider> providers =
                MapBinder.newMapBinder(binder(), String.class, ImageGeneratorProvider.class);
        ImageGenerators.installed().forEach((id, p) -> providers.addBinding(id).toInstance(p));
        if (config == null) {
            return;
        }
        ImageGenConfig parsed = ImageGenConfig.load(config, environment == null ? System.getenv() : environment);
        bind(ImageGenConfig.class).toInstance(parsed);
        Set<String> names = new LinkedHashSet<>(parsed.generatorNames());
        names.addAll(parsed.routeNames());
        for (String name : names) {
            bind(ImageGenerator.class).annotatedWith(Names.named(name))
                    .toProvider(() -> parsed.open(name)).in(Scopes.SINGLETON);
        }
        bind(ImageGenerator.class).to(Key.get(ImageGenerator.class, Names.named(parsed.defaultName())));
    }
}
