package dev.imagegen4j.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.internal.Suggestions;
import dev.imagegen4j.routing.CircuitBreakerOptions;
import dev.imagegen4j.routing.ImageGenerationListener;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.spi.ProviderSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed configuration file (YAML, or JSON by the {@code .json} extension) that names generators,
 * routes and model catalog additions:
 *
 * <pre>
 * default: primary                 # what {@link #openDefault()} returns
 * generators:
 *   azure-main:
 *     provider: azure
 *     endpoint: https://contoso.openai.azure.com
 *     api-key: ${AZURE_OPENAI_API_KEY}
 *     deployments: { gpt-image-2: img2-prod }
 *   backup:
 *     provider: openai
 *     api-key: ${OPENAI_API_KEY}
 * routes:
 *   primary: { failover: [azure-main, backup], retries: 2 }
 * models:                         # the model catalog's schema: add, override or copy (like:) entries
 *   gpt-image-3: { like: gpt-image-2.6-flare }
 * </pre>
 *
 * <p>Strings may use {@code ${VAR}} (or {@code ${VAR:-default}}) to read the environment; a missing
 * variable is an error naming it and its line. Unknown keys are errors with a suggestion, duplicate keys
 * are errors, and a generator's settings are checked against its provider's keys when the file is loaded,
 * so a typo fails at start-up rather than at the first image. Route keys: {@code failover} (list of
 * generator names, required), {@code retries} (default 2), {@code max-attempts}, {@code backoff}
 * ({@code initial}, {@code max}), {@code retry-after-ceiling} (default 60s), {@code breaker}
 * ({@code failures}, {@code cooldown}; or {@code false}), {@code failover-on} ({@code content-policy},
 * {@code invalid-request}), {@code retry-unknown-result} (default false), {@code model}.
 *
 * <p>Shared vendor quotas: a {@code quotas:} section names quotas (limits per minute and a store, see
 * {@link dev.imagegen4j.quota.Quota}); a generator says {@code quota: NAME}, and so may a route member written as
 * {@code { generator: NAME, quota: QUOTA }}. Several generators naming one quota share it.
 *
 * <p>Where the file is: {@link #defaultLocation(Map)}. Instances are immutable and thread-safe; every
 * {@link #open} creates new generators (the caller closes them).
 */
public final class ImageGenConfig {

    /** The environment variable that points at a configuration file. */
    public static final String ENV_VAR = "IMAGEGEN4J_CONFIG";


    private final String source;
    private final String defaultName;
    private final Map<String, Generator> generators;
    private final Map<String, Route> routes;
    private final ModelCatalog catalog;
    private final ClassLoader classLoader;
    private final QuotaSection quotas;

    /** A generator section, read and checked; its provider creates it when opened. */
    static final class Generator {
        final String provider;
        final ProviderSettings settings;
        /** Settings whose environment variables are not set: an error only when this generator is opened. */
        final List<String> unresolved;

        Generator(String provider, ProviderSettings settings, List<String> unresolved) {
            this.provider = provider;
            this.settings = settings;
            this.unresolved = List.copyOf(unresolved);
        }
    }

    /** An environment variable that is not set: deferred until the generator that uses it is opened. */
    static final class MissingVariable extends ConfigException {
        private static final long serialVersionUID = 1L;

        MissingVariable(String message) {
            super(message);
        }
    }

    /** A route section, read and checked. */
    static final class Route {
        final List<String> failover;
        final RetryOptions retry;
        final CircuitBreakerOptions breaker;
        final Integer maxAttempts;
        final Set<Class<? extends ImageGenerationException>> failoverOn;
        final boolean retryUnknownResult;
        final ModelId model;

        Route(List<String> failover, RetryOptions retry, CircuitBreakerOptions breaker, Integer maxAttempts,
                Set<Class<? extends ImageGenerationException>> failoverOn, boolean retryUnknownResult, ModelId model) {
            this.failover = failover;
            this.retry = retry;
            this.breaker = breaker;
            this.maxAttempts = maxAttempts;
            this.failoverOn = failoverOn;
            this.retryUnknownResult = retryUnknownResult;
            this.model = model;
        }
    }

    ImageGenConfig(String source, String defaultName, Map<String, Generator> generators,
            Map<String, Route> routes, ModelCatalog catalog, ClassLoader classLoader, QuotaSection quotas) {
        this.quotas = quotas;
        this.source = source;
        this.defaultName = defaultName;
        this.generators = Collections.unmodifiableMap(generators);
        this.routes = Collections.unmodifiableMap(routes);
        this.catalog = catalog;
        this.classLoader = classLoader;
    }

    /**
     * Where the configuration is when none is named: the file in {@code IMAGEGEN4J_CONFIG}, else
     * {@code ./imagegen4j.yaml}, else {@code ~/.config/imagegen4j/config.yaml}, if one of them exists.
     *
     * @throws ConfigException if {@code IMAGEGEN4J_CONFIG} names a file that does not exist
     */
    public static Optional<Path> defaultLocation(Map<String, String> env) {
        return defaultLocation(env, Path.of(""));
    }

    /**
     * As {@link #defaultLocation(Map)}, resolving relative paths ({@code ./imagegen4j.yaml}, a relative
     * {@code IMAGEGEN4J_CONFIG}) against {@code workingDirectory}.
     */
    public static Optional<Path> defaultLocation(Map<String, String> env, Path workingDirectory) {
        String named = env.get(ENV_VAR);
        if (named != null && !named.isBlank()) {
            Path p = workingDirectory.resolve(named);
            if (!Files.isRegularFile(p)) {
                throw new ConfigException(ENV_VAR + " names " + p + ", which does not exist");
            }
            return Optional.of(p);
        }
        Path local = workingDirectory.resolve("imagegen4j.yaml");
        if (Files.isRegularFile(local)) {
            return Optional.of(local);
        }
        Path user = Path.of(System.getProperty("user.home"), ".config", "imagegen4j", "config.yaml");
        return Files.isRegularFile(user) ? Optional.of(user) : Optional.empty();
    }

    /** Loads {@code file}, interpolating from the process environment. */
    public static ImageGenConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads {@code file}, interpolating {@code ${VAR}} from {@code env}.
     *
     * @throws ConfigException naming the file, the place and the problem
     */
    public static ImageGenConfig load(Path file, Map<String, String> env) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(bytes, file.toString(), json, env, defaultClassLoader());
    }

    /**
     * Parses configuration text.
     *
     * @param text   the file's bytes (UTF-8)
     * @param source the name used in messages, e.g. the file name
     * @param json   JSON rather than YAML
     * @param env    the environment for {@code ${VAR}}
     */
    public static ImageGenConfig parse(byte[] text, String source, boolean json, Map<String, String> env,
            ClassLoader classLoader) {
        String content = utf8(text, source);
        ObjectMapper mapper = json ? JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
                : YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
        JsonNode root;
        try {
            root = mapper.readTree(content);
        } catch (JsonProcessingException e) {
            // never the parser's own message: it quotes the broken line, which may hold a key
            throw SyntaxErrors.of(source, e, json);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(source + ": the file is empty; it needs at least 'generators'");
        }
        return new ConfigReader(source, content, env, classLoader).read(root);
    }

    /**
     * Reads a configuration that is already a tree, such as one bound by a framework from its own
     * configuration (the Spring Boot starter binds {@code imagegen4j:} from {@code application.yml}): the same
     * keys, rules and messages as a file, without line numbers. Values are strings, numbers, booleans, lists and
     * maps (nested with string keys); {@code ${VAR}} in strings is still read from {@code env}.
     *
     * @param tree   the top level: {@code generators}, {@code routes}, {@code models}, {@code default}
     * @param source the name used in messages, e.g. {@code "application configuration 'imagegen4j'"}
     * @param env    the environment for {@code ${VAR}}
     * @throws ConfigException naming the source, the key's path and the problem
     */
    public static ImageGenConfig fromMap(Map<String, ?> tree, String source, Map<String, String> env,
            ClassLoader classLoader) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().valueToTree(tree);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": not a configuration tree of maps, lists and plain values");
        }
        if (root == null || root.isNull() || root.isMissingNode() || (root.isObject() && root.size() == 0)) {
            throw new ConfigException(source + ": the configuration is empty; it needs at least 'generators'");
        }
        return new ConfigReader(source, "", env, classLoader).read(root);
    }

    private static String utf8(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int offset = 0;
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
            for (int end = 1; end <= bytes.length; end++) {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, 0, end));
                    offset = end;
                } catch (CharacterCodingException ignored) {
                    if (end - offset > 4) {
                        break;
                    }
                }
            }
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigException(source + " line " + line + ": not valid UTF-8 (at byte " + offset + ")");
        }
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader cl = ImageGenConfig.class.getClassLoader();
        return cl != null ? cl : ClassLoader.getSystemClassLoader();
    }

    /** The file or source this came from. */
    public String source() {
        return source;
    }

    /** The name {@link #openDefault()} opens. */
    public String defaultName() {
        return defaultName;
    }

    /** The generator names, in file order. */
    public Set<String> generatorNames() {
        return generators.keySet();
    }

    /** The route names, in file order. */
    public Set<String> routeNames() {
        return routes.keySet();
    }

    /** The provider id of generator {@code name}. */
    public Optional<String> providerOf(String name) {
        return Optional.ofNullable(generators.get(name)).map(g -> g.provider);
    }

    /**
     * The problems that keep generator {@code name} from opening: settings whose environment variables are not set
     * (they are reported only when the generator is used, so one unset variable does not break the whole file).
     */
    public List<String> unresolved(String name) {
        Generator g = generators.get(name);
        return g == null ? List.of() : g.unresolved;
    }

    /**
     * The model generator or route {@code name} uses for requests that name none, when the file sets one (a
     * generator's or a route's {@code model:}); empty otherwise (the provider's default applies).
     */
    public Optional<ModelId> modelOf(String name) {
        Generator g = generators.get(name);
        if (g != null) {
            return g.settings.string("model").map(ModelId::of);
        }
        Route r = routes.get(name);
        return r == null ? Optional.empty() : Optional.ofNullable(r.model);
    }

    /** The quota names of the {@code quotas} section, in file order. */
    public Set<String> quotaNames() {
        return quotas.names();
    }

    /** The built-in catalog plus the file's {@code models}. */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** Opens the default generator or route. */
    public ImageGenerator openDefault() {
        return open(defaultName);
    }

    /** Opens the generator or route called {@code name}. */
    public ImageGenerator open(String name) {
        return open(name, ImageGenerationListener.NONE);
    }

    /**
     * Opens the generator or route called {@code name}, with {@code listener} observing a route.
     *
     * @throws ConfigException if there is no such name (listing the names there are)
     */
    public ImageGenerator open(String name, ImageGenerationListener listener) {
        Generator g = generators.get(name);
        if (g != null) {
            QuotaSection.Lease lease = quotas.lease(List.of(name), null);
            try {
                return lease.wrapRoot(lease.wrap(name, null, create(name, g)));
            } catch (RuntimeException e) {
                lease.close();
                throw e;
            }
        }
        Route r = routes.get(name);
        if (r == null) {
            Set<String> all = new LinkedHashSet<>(generators.keySet());
            all.addAll(routes.keySet());
            throw new ConfigException(source + ": no generator or route named '" + name + "'"
                    + Suggestions.didYouMean(name, all) + " (defined: " + String.join(", ", all) + ")");
        }
        ImageRouter.Builder b = ImageRouter.builder(name).retry(r.retry).circuitBreaker(r.breaker).listener(listener);
        if (r.maxAttempts != null) {
            b.maxAttempts(r.maxAttempts);
        }
        r.failoverOn.forEach(b::failoverOn);
        b.retryUnknownResult(r.retryUnknownResult);
        if (r.model != null) {
            b.defaultModel(r.model);
        }
        List<ImageGenerator> opened = new ArrayList<>();
        QuotaSection.Lease lease = quotas.lease(r.failover, name);
        try {
            for (String member : r.failover) {
                ImageGenerator m = create(member, generators.get(member));
                opened.add(m);
                b.add(member, lease.wrap(member, name, m));
            }
            return lease.wrapRoot(b.build());
        } catch (RuntimeException e) {
            opened.forEach(ImageGenerator::close);
            lease.close();
            throw e;
        }
    }

    private ImageGenerator create(String name, Generator g) {
        if (!g.unresolved.isEmpty()) {
            throw new ConfigException(g.unresolved.get(0) + (g.unresolved.size() > 1 ? " (and " + (g.unresolved.size() - 1)
                    + " more unset variable(s) in generator '" + name + "')" : ""));
        }
        try {
            return ImageGenerators.provider(g.provider, classLoader).create(g.settings);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new ConfigException(source + ": " + (m.startsWith("generator '") ? m : "generator '" + name + "': " + m),
                    e);
        }
    }

    @Override
    public String toString() {
        return "ImageGenConfig[" + source + ", default=" + defaultName + ", generators=" + generators.keySet()
                + ", routes=" + routes.keySet() + "]";
    }
}
