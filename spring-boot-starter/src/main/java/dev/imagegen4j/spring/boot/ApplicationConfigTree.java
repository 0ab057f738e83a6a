package dev.imagegen4j.spring.boot;

import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads {@code imagegen4j:} from the Spring environment with Spring's {@link Binder} ({@code ${...}} placeholders,
 * every property source, bracketed map keys such as {@code "[gpt-image-2.5-flare]"}) into the tree
 * {@link ImageGenConfig#fromMap} reads, so that the starter and a configuration file share one parser and one
 * set of rules and messages.
 *
 * <p>Relaxed names: a setting's key in camelCase or snake_case ({@code apiKey}, {@code api_key}) is renamed to the
 * kebab-case key its provider declares ({@code api-key}); so are route keys ({@code maxAttempts}). Indexed
 * properties ({@code failover[0]}) become lists; {@code "true"}/{@code "false"} strings (from {@code .properties}
 * files and the environment) become booleans where the file format wants a boolean. The starter's own keys
 * ({@code enabled}, {@code config-file}, {@code observations}) are not part of the tree.
 */
final class ApplicationConfigTree {

    static final String PREFIX = "imagegen4j";
    static final String SOURCE = "Spring configuration 'imagegen4j'";

    private static final Set<String> STARTER_KEYS = Set.of("enabled", "config-file", "observations");
    private static final Set<String> ROUTE_KEYS = Set.of("failover", "retries", "max-attempts", "backoff",
            "retry-after-ceiling", "breaker", "failover-on", "retry-unknown-result", "model");
    private static final Set<String> ROUTE_LISTS = Set.of("failover", "failover-on");
    private static final Set<String> TOP_KEYS = Set.of("default", "generators", "routes", "models", "quotas");

    private ApplicationConfigTree() {
    }

    /** Whether {@code imagegen4j.generators} or {@code imagegen4j.config-file} is set. */
    static boolean isConfigured(Environment environment) {
        Binder binder = Binder.get(environment);
        return binder.bind(PREFIX + ".generators", Bindable.mapOf(String.class, Object.class)).isBound()
                || configFile(environment).isPresent();
    }

    /** {@code imagegen4j.config-file}, if set. */
    static Optional<String> configFile(Environment environment) {
        return Binder.get(environment).bind(PREFIX + ".config-file", String.class).map(Optional::of).orElse(Optional.empty())
                .filter(s -> !s.isBlank());
    }

    /** The tree of {@code imagegen4j.*}, without the starter's own keys. */
    static Map<String, Object> read(Environment environment, ClassLoader classLoader) {
        Binder binder = Binder.get(environment);
        Map<String, Object> raw = binder.bind(PREFIX, Bindable.mapOf(String.class, Object.class))
                .orElseGet(Map::of);
        Set<String> outsideTheEnvironment = topKeysOutsideTheEnvironment(environment);
        Map<String, Object> tree = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            String key = relaxed(k, TOP_KEYS);
            if (STARTER_KEYS.contains(relaxed(k, STARTER_KEYS))) {
                return;
            }
            // An unknown key only an OS environment variable makes (IMAGEGEN4J_MCP_TOKEN, a CI's
            // IMAGEGEN4J_TEST_REDIS) belongs to something else; in a configuration file it is a typo, reported.
            if (TOP_KEYS.contains(key) || outsideTheEnvironment.contains(k)) {
                tree.put(key, lists(v));
            }
        });
        Object generators = tree.get("generators");
        if (generators instanceof Map) {
            Map<String, ImageGeneratorProvider> installed = ImageGenerators.installed(classLoader);
            forEachEntry(generators, (name, settings) -> {
                Object provider = settings.get("provider");
                ImageGeneratorProvider p = provider == null ? null : installed.get(provider.toString());
                Set<String> known = p == null ? Set.of() : p.settingKeys();
                return renameKeys(settings, known);
            });
        }
        Object routes = tree.get("routes");
        if (routes instanceof Map) {
            forEachEntry(routes, (name, route) -> {
                Map<String, Object> r = renameKeys(route, ROUTE_KEYS);
                for (String list : ROUTE_LISTS) {
                    // Spring's list semantics: the whole list from the one property source that has it
                    binder.bind(PREFIX + ".routes." + bracketed(name) + "." + list, Bindable.listOf(String.class))
                            .ifBound(l -> r.put(list, new ArrayList<>(l)));
                }
                booleanValue(r, "retry-unknown-result");
                booleanValue(r, "breaker");
                return r;
            });
        }
        return tree;
    }

    /** The keys under {@code imagegen4j} that some property source other than the OS environment sets. */
    private static Set<String> topKeysOutsideTheEnvironment(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment)) {
            return Set.of();
        }
        List<PropertySource<?>> sources = new ArrayList<>();
        for (PropertySource<?> source : ((ConfigurableEnvironment) environment).getPropertySources()) {
            if (!source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                    && !(source instanceof SystemEnvironmentPropertySource)) {
                sources.add(source);
            }
        }
        return new Binder(ConfigurationPropertySources.from(sources))
                .bind(PREFIX, Bindable.mapOf(String.class, Object.class)).map(Map::keySet).orElseGet(Set::of);
    }

    private static String bracketed(String name) {
        return name.matches("[a-z0-9-]+") ? name : "[" + name + "]";
    }

    private interface EntryFunction {
        Map<String, Object> apply(String name, Map<String, Object> value);
    }

    @SuppressWarnings("unchecked")
    private static void forEachEntry(Object map, EntryFunction f) {
        Map<String, Object> m = (Map<String, Object>) map;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() instanceof Map) {
                e.setValue(f.apply(e.getKey(), (Map<String, Object>) e.getValue()));
            }
        }
    }

    /** Renames keys that match a known key but for case, dashes and underscores. */
    private static Map<String, Object> renameKeys(Map<String, Object> map, Set<String> known) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String key = k.equals("provider") ? k : relaxed(k, known);
            if (v instanceof Map && (key.equals("backoff") || key.equals("breaker"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) v;
                v = renameKeys(nested, Set.of("initial", "max", "failures", "cooldown"));
            }
            out.put(key, v);
        });
        return out;
    }

    /** {@code key} as the known key it means ({@code apiKey} -> {@code api-key}), else unchanged. */
    static String relaxed(String key, Set<String> known) {
        if (known.contains(key)) {
            return key;
        }
        String uniform = uniform(key);
        String match = null;
        for (String k : known) {
            if (uniform(k).equals(uniform)) {
                if (match != null) {
                    return key; // ambiguous: leave it for the parser to name
                }
                match = k;
            }
        }
        return match != null ? match : key;
    }

    private static String uniform(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static void booleanValue(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v instanceof String) {
            String s = ((String) v).strip().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                map.put(key, Boolean.valueOf(s));
            }
        }
    }

    /** Maps whose keys are exactly 0..n-1 (Spring's indexed properties) become lists, recursively. */
    @SuppressWarnings("unchecked")
    private static Object lists(Object value) {
        if (!(value instanceof Map)) {
            return value;
        }
        Map<String, Object> m = (Map<String, Object>) value;
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, lists(v)));
        if (!out.isEmpty() && out.keySet().stream().allMatch(k -> k.matches("\\d{1,6}"))) {
            TreeMap<Integer, Object> byIndex = new TreeMap<>();
            out.forEach((k, v) -> byIndex.put(Integer.parseInt(k), v));
            if (byIndex.firstKey() == 0 && byIndex.lastKey() == byIndex.size() - 1) {
                return new ArrayList<>(byIndex.values());
            }
        }
        return out;
    }

    /** The configuration: the file of {@code imagegen4j.config-file}, else the tree. */
    static ImageGenConfig load(Environment environment, ClassLoader classLoader) {
        Optional<String> file = configFile(environment);
        Map<String, Object> tree = read(environment, classLoader);
        if (file.isPresent()) {
            if (tree.containsKey("generators") || tree.containsKey("routes")) {
                throw new dev.imagegen4j.config.ConfigException(SOURCE + ": set either 'imagegen4j.config-file' ("
                        + file.get() + ") or 'imagegen4j.generators'/'routes', not both");
            }
            return ImageGenConfig.load(java.nio.file.Path.of(file.get()), System.getenv());
        }
        return ImageGenConfig.fromMap(tree, SOURCE, System.getenv(), classLoader);
    }
}
