package dev.imagegen4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.Secret;
import dev.imagegen4j.config.ImageGenConfig.Generator;
import dev.imagegen4j.config.ImageGenConfig.MissingVariable;
import dev.imagegen4j.config.ImageGenConfig.Route;
import dev.imagegen4j.internal.CatalogReader;
import dev.imagegen4j.internal.Suggestions;
import dev.imagegen4j.routing.CircuitBreakerOptions;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks a configuration tree for {@link ImageGenConfig}: keys, types, ranges, {@code ${VAR}}
 * interpolation (deferred per generator when a variable is missing) and errors that name the file line.
 * Not thread-safe; one instance per read.
 */
final class ConfigReader {
    private static final Set<String> TOP_KEYS = Set.of("default", "generators", "routes", "models", "quotas");
    private static final Set<String> ROUTE_KEYS = Set.of("failover", "retries", "max-attempts", "backoff",
            "retry-after-ceiling", "breaker", "failover-on", "retry-unknown-result", "model");
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(key|token|secret|password|credential).*");

    private final String source;
    private final String[] lines;
    private final Map<String, String> env;
    private final ClassLoader classLoader;
    private QuotaSection quotaSection = QuotaSection.empty();

    ConfigReader(String source, String content, Map<String, String> env, ClassLoader classLoader) {
        this.source = source;
        this.lines = content.split("\n", -1);
        this.env = env;
        this.classLoader = classLoader;
    }

    ImageGenConfig read(JsonNode root) {
        if (!root.isObject()) {
            throw err("", "the top level must be a mapping with 'generators' (and optionally 'routes', 'models', "
                    + "'quotas', 'default')");
        }
        checkKeys(root, "", TOP_KEYS);
        ModelCatalog catalog = models(root.get("models"));
        quotaSection = QuotaSection.read(root.get("quotas"), quotaParsing(), classLoader);
        Map<String, Generator> generators = generators(root.get("generators"), catalog);
        Map<String, Route> routes = routes(root.get("routes"), generators);
        String def = root.hasNonNull("default") ? text(root.get("default"), "default") : null;
        Set<String> all = new LinkedHashSet<>(generators.keySet());
        all.addAll(routes.keySet());
        if (def == null) {
            if (all.size() != 1 && routes.size() != 1) {
                throw err("default", "'default' is required when there is more than one generator or route "
                        + "(defined: " + String.join(", ", all) + ")");
            }
            def = routes.size() == 1 ? routes.keySet().iterator().next() : all.iterator().next();
        } else if (!all.contains(def)) {
            throw err("default", "'default' names '" + def + "', which is not defined"
                    + Suggestions.didYouMean(def, all) + " (defined: " + String.join(", ", all) + ")");
        }
        return new ImageGenConfig(source, def, generators, routes, catalog, classLoader, quotaSection);
    }

    private QuotaSection.Parsing quotaParsing() {
        return new QuotaSection.Parsing() {
            @Override
            public ConfigException err(String path, String message) {
                return ConfigReader.this.err(path, message);
            }

            @Override
            public String text(JsonNode n, String path) {
                return ConfigReader.this.text(n, path);
            }

            @Override
            public Duration duration(JsonNode n, String path) {
                return ConfigReader.this.duration(n, path);
            }

            @Override
            public Object value(JsonNode n, String path, String key) {
                return ConfigReader.this.value(n, path, key);
            }
        };
    }

    /** A {@code quota: NAME} at {@code path}: the name of a quota of the {@code quotas} section. */
    private String quotaName(JsonNode n, String path) {
        String q = text(n, path);
        if (!quotaSection.names().contains(q)) {
            throw err(path, "'" + q + "' is not a quota" + Suggestions.didYouMean(q, quotaSection.names())
                    + (quotaSection.isEmpty() ? " (there is no 'quotas' section)" : " (quotas: "
                            + String.join(", ", quotaSection.names()) + ")"));
        }
        return q;
    }

    private ModelCatalog models(JsonNode models) {
        ModelCatalog.Builder b = ModelCatalog.builtIn().toBuilder();
        try {
            CatalogReader.readModels(models, "models", b);
        } catch (CatalogReader.Problem p) {
            throw err(p.path(), p.getMessage());
        }
        return b.build();
    }

    private Map<String, Generator> generators(JsonNode node, ModelCatalog catalog) {
        if (node == null || node.isNull()) {
            throw err("generators", "'generators' is required: at least one named generator with a 'provider'");
        }
        if (!node.isObject() || node.size() == 0) {
            throw err("generators", "'generators' must be a non-empty mapping of names to settings");
        }
        Map<String, Generator> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String path = "generators." + name;
            JsonNode g = e.getValue();
            if (!g.isObject()) {
                throw err(path, "a generator must be a mapping with 'provider' and its settings");
            }
            JsonNode p = g.get("provider");
            if (p == null) {
                throw err(path, "'provider' is required (installed: "
                        + String.join(", ", ImageGenerators.installed(classLoader).keySet()) + ")");
            }
            String providerId = text(p, path + ".provider");
            ImageGeneratorProvider provider;
            try {
                provider = ImageGenerators.provider(providerId, classLoader);
            } catch (IllegalArgumentException | IllegalStateException ex) {
                throw err(path + ".provider", ex.getMessage());
            }
            ProviderSettings.Builder settings = ProviderSettings.builder().name(name).catalog(catalog);
            List<String> unresolved = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fs = g.fields(); fs.hasNext();) {
                Map.Entry<String, JsonNode> f = fs.next();
                if (f.getKey().equals("provider")) {
                    continue;
                }
                if (f.getKey().equals("quota")) {
                    quotaSection.assign(name, null, quotaName(f.getValue(), path + ".quota"));
                    continue;
                }
                Set<String> known = provider.settingKeys();
                if (!known.isEmpty() && !known.contains(f.getKey())) {
                    throw err(path + "." + f.getKey(), "unknown setting '" + f.getKey() + "' for provider "
                            + providerId + Suggestions.didYouMean(f.getKey(), known) + " (known: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
                try {
                    settings.put(f.getKey(), value(f.getValue(), path + "." + f.getKey(), f.getKey()));
                } catch (MissingVariable missing) {
                    unresolved.add(missing.getMessage());
                }
            }
            out.put(name, new Generator(providerId, settings.build(), unresolved));
        }
        return out;
    }

    private Map<String, Route> routes(JsonNode node, Map<String, Generator> generators) {
        Map<String, Route> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw err("routes", "'routes' must be a mapping of names to { failover: [...] }");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String path = "routes." + name;
            if (generators.containsKey(name)) {
                throw err(path, "the name '" + name + "' is used by a generator and a route; names must be unique");
            }
            JsonNode r = e.getValue();
            if (!r.isObject()) {
                throw err(path, "a route must be a mapping such as { failover: [a, b], retries: 2 }");
            }
            checkKeys(r, path, ROUTE_KEYS);
            JsonNode list = r.get("failover");
            if (list == null || !list.isArray() || list.size() == 0) {
                throw err(path + ".failover", "'failover' must be a non-empty list of generator names");
            }
            List<String> members = new ArrayList<>();
            for (JsonNode m : list) {
                String member;
                if (m.isObject()) { // { generator: NAME, quota: QUOTA }
                    checkKeys(m, path + ".failover", Set.of("generator", "quota"));
                    if (!m.has("generator")) {
                        throw err(path + ".failover", "a member written as a mapping needs 'generator', e.g. "
                                + "{ generator: azure, quota: azure-east }");
                    }
                    member = text(m.get("generator"), path + ".failover.generator");
                    if (m.has("quota")) {
                        quotaSection.assign(member, name, quotaName(m.get("quota"), path + ".failover.quota"));
                    }
                } else {
                    member = text(m, path + ".failover");
                }
                if (!generators.containsKey(member)) {
                    throw err(path + ".failover", "'" + member + "' is not a generator"
                            + Suggestions.didYouMean(member, generators.keySet()) + " (generators: "
                            + String.join(", ", generators.keySet()) + ")");
                }
                if (members.contains(member)) {
                    throw err(path + ".failover", "'" + member + "' is listed twice");
                }
                members.add(member);
            }
            RetryOptions retry = RetryOptions.DEFAULT;
            if (r.has("retries")) {
                retry = retry.withMaxRetries(integer(r.get("retries"), path + ".retries", 0, 100));
            }
            JsonNode backoff = r.get("backoff");
            if (backoff != null) {
                if (!backoff.isObject()) {
                    throw err(path + ".backoff", "'backoff' must be a mapping { initial: 500ms, max: 8s }");
                }
                checkKeys(backoff, path + ".backoff", Set.of("initial", "max"));
                Duration initial = backoff.has("initial") ? duration(backoff.get("initial"), path + ".backoff.initial")
                        : retry.initialDelay();
                Duration max = backoff.has("max") ? duration(backoff.get("max"), path + ".backoff.max")
                        : retry.maxDelay();
                try {
                    retry = retry.withBackoff(initial, max);
                } catch (IllegalArgumentException ex) {
                    throw err(path + ".backoff", ex.getMessage());
                }
            }
            if (r.has("retry-after-ceiling")) {
                retry = retry.withRetryAfterCeiling(duration(r.get("retry-after-ceiling"), path + ".retry-after-ceiling"));
            }
            CircuitBreakerOptions breaker = CircuitBreakerOptions.DEFAULT;
            JsonNode br = r.get("breaker");
            if (br != null) {
                if (br.isBoolean()) {
                    breaker = br.asBoolean() ? breaker : null;
                } else if (br.isObject()) {
                    checkKeys(br, path + ".breaker", Set.of("failures", "cooldown"));
                    int failures = br.has("failures") ? integer(br.get("failures"), path + ".breaker.failures", 1, 1000)
                            : breaker.failureThreshold();
                    Duration cooldown = br.has("cooldown") ? duration(br.get("cooldown"), path + ".breaker.cooldown")
                            : breaker.cooldown();
                    try {
                        breaker = new CircuitBreakerOptions(failures, cooldown);
                    } catch (IllegalArgumentException ex) {
                        throw err(path + ".breaker", ex.getMessage());
                    }
                } else {
                    throw err(path + ".breaker", "'breaker' must be false or { failures: 3, cooldown: 30s }");
                }
            }
            Integer maxAttempts = r.has("max-attempts") ? integer(r.get("max-attempts"), path + ".max-attempts", 1, 1000)
                    : null;
            Set<Class<? extends ImageGenerationException>> failoverOn = new LinkedHashSet<>();
            JsonNode fo = r.get("failover-on");
            if (fo != null) {
                if (!fo.isArray()) {
                    throw err(path + ".failover-on", "'failover-on' must be a list such as [content-policy]");
                }
                for (JsonNode t : fo) {
                    String kind = text(t, path + ".failover-on");
                    switch (kind) {
                        case "content-policy":
                            failoverOn.add(ContentPolicyException.class);
                            break;
                        case "invalid-request":
                            failoverOn.add(InvalidRequestException.class);
                            break;
                        case "result-unknown":
                            failoverOn.add(ResultUnknownException.class);
                            break;
                        default:
                            throw err(path + ".failover-on", "unknown kind '" + kind + "'"
                                    + Suggestions.didYouMean(kind, List.of("content-policy", "invalid-request",
                                            "result-unknown"))
                                    + " (known: content-policy, invalid-request, result-unknown)");
                    }
                }
            }
            boolean retryUnknown = r.has("retry-unknown-result") && bool(r.get("retry-unknown-result"),
                    path + ".retry-unknown-result");
            ModelId model = r.has("model") ? ModelId.of(text(r.get("model"), path + ".model")) : null;
            out.put(name, new Route(members, retry, breaker, maxAttempts, failoverOn, retryUnknown, model));
        }
        return out;
    }

    private Object value(JsonNode v, String path, String key) {
        if (v.isTextual()) {
            boolean secret = SECRET_KEY.matcher(key).matches();
            String s = interpolate(v.asText(), path, secret);
            if (!secret || s.isBlank()) {
                return s;
            }
            try {
                return Secret.of(s, "setting '" + key + "'");
            } catch (IllegalArgumentException e) {
                throw err(path, e.getMessage());
            }
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), value(e.getValue(), path + "." + e.getKey(), e.getKey())));
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(x -> l.add(value(x, path, key)));
            return l;
        }
        return null;
    }

    private String interpolate(String s, String path) {
        return interpolate(s, path, false);
    }

    /**
     * Replaces {@code ${VAR}}s; for a secret, a variable whose value cannot go into an HTTP header (a CR
     * from a Windows {@code .env}, a trailing newline) is an error naming the variable, never its value.
     */
    private String interpolate(String s, String path, boolean secret) {
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String var = m.group(1);
            String val = env.get(var);
            if (val == null) {
                val = m.group(2);
            }
            if (val == null) {
                throw new MissingVariable(source + where("${" + var) + " (" + path + "): environment variable "
                        + var + " is not set");
            }
            if (secret && !val.isBlank()) {
                java.util.Optional<String> problem = dev.imagegen4j.internal.HeaderValues.problem(val);
                if (problem.isPresent()) {
                    throw new ConfigException(source + where("${" + var) + " (" + path + "): environment variable "
                            + var + " " + problem.get() + " (the value is not shown)");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(val));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String where(String needle) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return " line " + (i + 1);
            }
        }
        return "";
    }

    private String lineOfKey(String path) {
        if (path.isEmpty()) {
            return "";
        }
        int from = 0;
        int found = -1;
        for (String key : path.split("\\.")) {
            Pattern p = Pattern.compile("(^|[\\s{,])[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
            for (int i = from; i < lines.length; i++) {
                if (p.matcher(lines[i]).find()) {
                    found = i;
                    from = i;
                    break;
                }
            }
        }
        return found < 0 ? "" : " line " + (found + 1);
    }

    private void checkKeys(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!known.contains(k)) {
                String at = path.isEmpty() ? k : path + "." + k;
                throw err(at, "unknown key '" + k + "'" + Suggestions.didYouMean(k, known) + " (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private String text(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw err(path, "must be a string (got " + kind(n) + ")");
        }
        return interpolate(n.asText(), path);
    }

    private int integer(JsonNode n, String path, int min, int max) {
        long v;
        if (n.isIntegralNumber()) {
            v = n.asLong();
        } else if (n.isTextual()) {
            try {
                v = Long.parseLong(interpolate(n.asText(), path).strip());
            } catch (NumberFormatException e) {
                throw err(path, "must be a whole number (got '" + n.asText() + "')");
            }
        } else {
            throw err(path, "must be a whole number (got " + kind(n) + ")");
        }
        if (v < min || v > max) {
            throw err(path, v + " is out of range " + min + ".." + max);
        }
        return (int) v;
    }

    private boolean bool(JsonNode n, String path) {
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        throw err(path, "must be true or false (got " + kind(n) + ")");
    }

    private Duration duration(JsonNode n, String path) {
        Object raw = n.isNumber() ? (Object) n.asDouble() : n.isTextual() ? interpolate(n.asText(), path) : null;
        if (raw == null) {
            throw err(path, "must be a duration such as 10s or 500ms (got " + kind(n) + ")");
        }
        try {
            return ProviderSettings.of(Map.of("d", raw)).duration("d", Duration.ZERO);
        } catch (IllegalArgumentException e) {
            throw err(path, "must be a duration such as 10s, 500ms, 5m or PT10S (got '" + raw + "')");
        }
    }

    private static String kind(JsonNode n) {
        return n.isObject() ? "a mapping" : n.isArray() ? "a list" : n.isNull() ? "nothing" : "'" + n.asText() + "'";
    }

    private ConfigException err(String path, String message) {
        return new ConfigException(source + lineOfKey(path) + (path.isEmpty() ? "" : " (" + path + ")") + ": "
                + message);
    }
}
