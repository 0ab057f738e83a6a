package dev.imagegen4j.cli;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.config.ConfigException;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which generator a command uses, in this order: {@code --config FILE}; {@code --provider ID} with
 * settings from the environment ({@code emulator} for the built-in one; {@code replicate}:
 * {@code REPLICATE_API_TOKEN}, {@code REPLICATE_BASE_URL}; {@code fal}: {@code FAL_KEY}, {@code FAL_QUEUE_URL},
 * {@code FAL_SYNC_URL}; {@code openrouter}: {@code OPENROUTER_API_KEY}, {@code OPENROUTER_BASE_URL}); the configuration at the default
 * location ({@code IMAGEGEN4J_CONFIG}, {@code ./imagegen4j.yaml}, {@code ~/.config/imagegen4j/config.yaml});
 * {@code OPENAI_API_KEY} for OpenAI; else the built-in emulator, with a notice saying so. {@code --provider ID} with
 * none of that provider's key, token or base-URL variables set runs against the emulator's endpoint for that
 * provider (Gemini, Replicate, fal, ...), with a notice naming the variable to set.
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
        if (ctx.env.containsKey("OPENAI_API_KEY") && ctx.env.get("OPENAI_API_KEY").isBlank()) {
            throw new ConfigException("the environment variable OPENAI_API_KEY is set but empty (an unresolved CI "
                    + "secret?); set it, or unset it to run offline against the built-in emulator");
        }
        if (!ctx.env.containsKey("OPENAI_API_KEY")) {
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
        Optional<Offline> offline = Offline.of(id);
        if (offline.isPresent()) {
            // A variable that is present but empty (a CI secret that did not resolve, `docker -e VAR` with VAR
            // unset on the host) means a real vendor was intended: say so, never fall back to placeholders.
            for (String v : offline.get().variables) {
                if (ctx.env.containsKey(v) && ctx.env.get(v).isBlank()) {
                    throw new ConfigException("provider " + id + ": the environment variable " + v + " is set but "
                            + "empty (an unresolved CI secret?); set it, or unset it to run offline against the "
                            + "built-in emulator");
                }
            }
            if (offline.get().variables.stream().noneMatch(ctx.env::containsKey)) {
                return emulatorFor(id, offline.get());
            }
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

    /**
     * A provider the built-in emulator speaks, and the environment variables that would point it at the real
     * vendor (a key, a token or a base URL). When none of them is set, {@code --provider ID} runs offline against
     * the emulator's endpoint for that provider, with a notice naming the variable that would make it real.
     */
    private static final class Offline {
        final Dialect dialect;
        final java.util.List<String> variables;

        /** What to set to use the real vendor. */
        final String toGoReal;

        private Offline(Dialect dialect, String toGoReal, String... variables) {
            this.dialect = dialect;
            this.toGoReal = toGoReal;
            this.variables = java.util.List.of(variables);
        }

        static Optional<Offline> of(String provider) {
            switch (provider) {
                case "openai":
                    return Optional.of(new Offline(Dialect.OPENAI, "Set OPENAI_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL"));
                case "azure":
                    return Optional.of(new Offline(Dialect.AZURE, "Set AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY "
                            + "and AZURE_OPENAI_DEPLOYMENT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT",
                            "AZURE_OPENAI_DEPLOYMENT", "OPENAI_API_VERSION"));
                case "aimlapi":
                    return Optional.of(new Offline(Dialect.AIMLAPI, "Set AIMLAPI_API_KEY", "AIMLAPI_API_KEY"));
                case "google":
                    return Optional.of(new Offline(Dialect.GEMINI, "Set GEMINI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY",
                            "GEMINI_BASE_URL"));
                case "replicate":
                    return Optional.of(new Offline(Dialect.REPLICATE, "Set REPLICATE_API_TOKEN",
                            "REPLICATE_API_TOKEN", "REPLICATE_BASE_URL"));
                case "fal":
                    return Optional.of(new Offline(Dialect.FAL, "Set FAL_KEY", "FAL_KEY", "FAL_QUEUE_URL", "FAL_SYNC_URL"));
                case "openrouter":
                    return Optional.of(new Offline(Dialect.OPENROUTER, "Set OPENROUTER_API_KEY",
                            "OPENROUTER_API_KEY", "OPENROUTER_BASE_URL"));
                default:
                    return Optional.empty();
            }
        }
    }

    private static GeneratorChoice emulatorFor(String id, Offline offline) {
        ImageApiEmulator emu = ImageApiEmulator.start();
        try {
            ProviderSettings.Builder s = ProviderSettings.builder()
                    .put("api-key", dev.imagegen4j.Secret.of("emulator", "the built-in emulator"));
            if (offline.dialect == Dialect.AZURE) {
                // The emulator serves a deployment named after each model; one per GPT Image model of the catalog.
                java.util.Map<String, String> deployments = new java.util.LinkedHashMap<>();
                ModelCatalog.builtIn().entries().keySet().stream().map(ModelId::value)
                        .filter(m -> m.startsWith("gpt-image")).forEach(m -> deployments.put(m, m));
                s.put("endpoint", emu.baseUrl(Dialect.AZURE)).put("deployments", deployments);
            } else if (offline.dialect == Dialect.FAL) {
                s.put("queue-url", emu.baseUrl(Dialect.FAL)).put("sync-url", emu.falSyncUrl());
            } else {
                s.put("base-url", emu.baseUrl(offline.dialect));
            }
            String notice = "imagegen: --provider " + id + " without " + String.join(" or ", offline.variables.stream()
                    .filter(v -> v.endsWith("_KEY") || v.endsWith("_TOKEN")).toArray(String[]::new))
                    + " set, so this uses the built-in emulator's " + id + " endpoint (offline placeholder images). "
                    + offline.toGoReal + " to use the real vendor.";
            GeneratorChoice chosen = new GeneratorChoice(ImageGenerators.create(id, s.build()), "emulator", notice,
                    emu);
            emu = null;
            return chosen;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("provider " + id + ": " + e.getMessage(), e);
        } finally {
            if (emu != null) {
                emu.close();
            }
        }
    }

    private static GeneratorChoice emulator() {
        ImageApiEmulator emu = ImageApiEmulator.start();
        ImageGenerator g = OpenAiImageGenerator.builder().apiKey("emulator").baseUrl(emu.baseUrl() + "/v1").build();
        return new GeneratorChoice(g, "emulator", EMULATOR_NOTICE, emu);
    }

    /** Whether the generator talks to the built-in emulator (its costs are what the real vendor would charge). */
    boolean isEmulator() {
        return emulator != null;
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
