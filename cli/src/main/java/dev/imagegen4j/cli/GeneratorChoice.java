package dev.imagegen4j.cli;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.config.ConfigException;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which generator a command uses, in this order: {@code --config FILE}; {@code --provider ID} with
 * settings from the environment ({@code emulator} for the built-in one; {@code replicate}:
 * {@code REPLICATE_API_TOKEN}, {@code REPLICATE_BASE_URL}; {@code fal}: {@code FAL_KEY}, {@code FAL_QUEUE_URL},
 * {@code FAL_SYNC_URL}; {@code openrouter}: {@code OPENROUTER_API_KEY}, {@code OPENROUTER_BASE_URL}); the configuration at the default
 * location ({@code IMAGEGEN4J_CONFIG}, {@code ./imagegen4j.yaml}, {@code ~/.config/imagegen4j/config.yaml});
 * {@code OPENAI_API_KEY} for OpenAI; else the built-in emulator, with a notice saying so.
 */
final class GeneratorChoice implements AutoCloseable {

    static final String EMULATOR_NOTICE = "imagegen: no API key or configuration found, so this uses the built-in "
            + "emulator (offline placeholder images). To use a real vendor set OPENAI_API_KEY or write "
            + "imagegen4j.yaml (see README, 'Configuration files').";

    final ImageGenerator generator;
    final String description;
    final String notice;
    /** The catalog the generator checks requests against (the built-in one plus a configuration file's models). */
    final ModelCatalog catalog;
    /** The model the configuration names for requests that name none, or null for the provider's default. */
    final ModelId configuredModel;
    private final ImageApiEmulator emulator;

    private GeneratorChoice(ImageGenerator generator, String description, String notice, ImageApiEmulator emulator) {
        this(generator, description, notice, emulator, ModelCatalog.builtIn(), null);
    }

    private GeneratorChoice(ImageGenerator generator, String description, String notice, ImageApiEmulator emulator,
            ModelCatalog catalog, ModelId configuredModel) {
        this.generator = generator;
        this.description = description;
        this.notice = notice;
        this.emulator = emulator;
        this.catalog = catalog;
        this.configuredModel = configuredModel;
    }

    static GeneratorChoice resolve(ConnectionOptions o, Context ctx) {
        if (o.config != null) {
            return fromConfig(ctx.cwd.resolve(o.config), o.generator, ctx);
        }
        if (o.provider != null) {
            if (o.generator != null) {
                throw new ConfigException("--generator selects a generator of a configuration file; it cannot be used "
                        + "with --provider");
            }
            return fromProvider(o.provider, ctx);
        }
        Optional<Path> found = ImageGenConfig.defaultLocation(ctx.env, ctx.cwd);
        if (found.isPresent()) {
            return fromConfig(found.get(), o.generator, ctx);
        }
        if (o.generator != null) {
            throw new ConfigException("--generator " + o.generator + " needs a configuration file (--config FILE, "
                    + ImageGenConfig.ENV_VAR + " or ./imagegen4j.yaml)");
        }
        if (ctx.env.getOrDefault("OPENAI_API_KEY", "").isBlank()) {
            return emulator();
        }
        return fromProvider("openai", ctx);
    }

    private static GeneratorChoice fromConfig(Path file, String name, Context ctx) {
        ImageGenConfig config = ImageGenConfig.load(file, ctx.env);
        String chosen = name != null ? name : config.defaultName();
        return new GeneratorChoice(config.open(chosen), chosen + " (" + file.getFileName() + ")", null, null,
                config.catalog(), config.modelOf(chosen).orElse(null));
    }

    private static GeneratorChoice fromProvider(String id, Context ctx) {
        if (id.equals("emulator")) {
            GeneratorChoice chosen = emulator();
            return new GeneratorChoice(chosen.generator, chosen.description, null, chosen.emulator);
        }
        ProviderSettings.Builder s = ProviderSettings.builder().environment(ctx.env);
        try {
            switch (id) {
                case "openai":
                    env(ctx, "OPENAI_BASE_URL").ifPresent(v -> s.put("base-url", v));
                    break;
                case "azure":
                    env(ctx, "AZURE_OPENAI_ENDPOINT").ifPresent(v -> s.put("endpoint", v));
                    env(ctx, "AZURE_OPENAI_API_KEY").ifPresent(v -> s.put("api-key",
                            dev.imagegen4j.Secret.of(v, "environment variable AZURE_OPENAI_API_KEY")));
                    env(ctx, "OPENAI_API_VERSION").ifPresent(v -> s.put("api-version", v));
                    env(ctx, "AZURE_OPENAI_DEPLOYMENT").ifPresent(v -> s.put("deployments",
                            java.util.Map.of(env(ctx, "AZURE_OPENAI_MODEL").orElse("gpt-image-2"), v)));
                    break;
                case "google":
                    env(ctx, "GEMINI_BASE_URL").ifPresent(v -> s.put("base-url", v));
                    break;
                case "aimlapi":
                    env(ctx, "AIMLAPI_API_KEY").ifPresent(v -> s.put("api-key",
                            dev.imagegen4j.Secret.of(v, "environment variable AIMLAPI_API_KEY")));
                    break;
                case "replicate":
                    env(ctx, "REPLICATE_API_TOKEN").ifPresent(v -> s.put("api-key",
                            dev.imagegen4j.Secret.of(v, "environment variable REPLICATE_API_TOKEN")));
                    env(ctx, "REPLICATE_BASE_URL").ifPresent(v -> s.put("base-url", v));
                    break;
                case "fal":
                    env(ctx, "FAL_KEY").ifPresent(v -> s.put("api-key",
                            dev.imagegen4j.Secret.of(v, "environment variable FAL_KEY")));
                    env(ctx, "FAL_QUEUE_URL").ifPresent(v -> s.put("queue-url", v));
                    env(ctx, "FAL_SYNC_URL").ifPresent(v -> s.put("sync-url", v));
                    break;
                case "openrouter":
                    env(ctx, "OPENROUTER_API_KEY").ifPresent(v -> s.put("api-key",
                            dev.imagegen4j.Secret.of(v, "environment variable OPENROUTER_API_KEY")));
                    env(ctx, "OPENROUTER_BASE_URL").ifPresent(v -> s.put("base-url", v));
                    break;
                default:
                    break;
            }
            ModelId model = id.equals("azure") && env(ctx, "AZURE_OPENAI_DEPLOYMENT").isPresent()
                    ? ModelId.of(env(ctx, "AZURE_OPENAI_MODEL").orElse("gpt-image-2")) : null;
            return new GeneratorChoice(ImageGenerators.create(id, s.build()), id, null, null, ModelCatalog.builtIn(),
                    model);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("provider " + id + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> env(Context ctx, String name) {
        return Optional.ofNullable(ctx.env.get(name)).filter(v -> !v.isBlank());
    }

    private static GeneratorChoice emulator() {
        ImageApiEmulator emu = ImageApiEmulator.start();
        ImageGenerator g = OpenAiImageGenerator.builder().apiKey("emulator").baseUrl(emu.baseUrl() + "/v1").build();
        return new GeneratorChoice(g, "emulator", EMULATOR_NOTICE, emu);
    }

    @Override
    public void close() {
        try {
            generator.close();
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
