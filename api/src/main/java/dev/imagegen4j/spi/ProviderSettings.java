package dev.imagegen4j.spi;

import dev.imagegen4j.Background;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.Moderation;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.Secret;
import dev.imagegen4j.internal.Suggestions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of one generator, as read from a config file or given in code: string keys in
 * kebab-case ({@code api-key}, {@code base-url}) with string, number, boolean, {@link Secret} or nested
 * map values. Typed getters convert and fail with the key's name; required keys fail when missing.
 *
 * <p>The environment is not read implicitly: an application that wants {@code OPENAI_API_KEY} to be a
 * fallback passes the environment in with {@link Builder#environment(Map)}. {@link #toString()} masks
 * secrets. Immutable and thread-safe.
 */
public final class ProviderSettings {

    /**
     * The keys every provider reads as request defaults: {@code model}, {@code size}, {@code quality},
     * {@code background}, {@code output-format}, {@code output-compression}, {@code moderation},
     * {@code complexity}, {@code safety-identifier}, {@code params} (a mapping of wire names to values, sent as given)
     * and {@code strict}. See {@link #requestDefaults()}.
     */
    public static final Set<String> REQUEST_DEFAULT_KEYS = Set.of("model", "size", "quality", "background",
            "output-format", "output-compression", "moderation", "complexity", "safety-identifier", "params", "strict");

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(key|token|secret|password|credential).*");
    private static final Pattern DURATION = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private final String name;
    private final Map<String, Object> values;
    private final Map<String, String> environment;
    private final dev.imagegen4j.ModelCatalog catalog;

    private ProviderSettings(Builder b) {
        this.name = b.name;
        this.catalog = b.catalog;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
        this.environment = Map.copyOf(b.environment);
    }

    /** Empty settings and no environment. */
    public static ProviderSettings empty() {
        return builder().build();
    }

    /** Settings holding {@code values}, no environment. */
    public static ProviderSettings of(Map<String, ?> values) {
        return builder().putAll(values).build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.values.putAll(values);
        b.environment.putAll(environment);
        b.catalog = catalog;
        return b;
    }

    /**
     * The model catalog the generator should use instead of the built-in one (a configuration file's catalog, with
     * its {@code models:} entries); empty means the built-in catalog.
     */
    public Optional<dev.imagegen4j.ModelCatalog> catalog() {
        return Optional.ofNullable(catalog);
    }

    /** The generator's name in a config file, for messages; empty when created in code. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The keys present. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** Whether {@code key} is present. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw value of {@code key}. */
    public Optional<Object> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The string value of {@code key} (numbers and booleans are converted). */
    public Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Secret) {
            return Optional.of(((Secret) v).reveal());
        }
        if (v instanceof Map || v instanceof Iterable) {
            throw wrongType(key, "a string", v);
        }
        return Optional.of(v.toString());
    }

    /** The string value of a required {@code key}. @throws IllegalArgumentException if missing */
    public String requireString(String key) {
        return string(key).orElseThrow(() -> missing(key));
    }

    /**
     * The value of {@code key} as a {@link Secret}.
     *
     * @throws IllegalArgumentException naming the setting (never showing the value) if it cannot be sent in
     *                                  an HTTP header, e.g. it ends with a line break; see {@link Secret#of(String, String)}
     */
    public Optional<Secret> secret(String key) {
        Object v = values.get(key);
        if (v instanceof Secret) {
            return Optional.of((Secret) v);
        }
        return string(key).filter(s -> !s.isBlank()).map(s -> Secret.of(s, where() + "setting '" + key + "'"));
    }

    /** An environment variable, if the application passed the environment in. */
    public Optional<String> env(String variable) {
        return Optional.ofNullable(environment.get(variable)).filter(s -> !s.isBlank());
    }

    /**
     * An environment variable as a {@link Secret}, if the application passed the environment in.
     *
     * @throws IllegalArgumentException naming the variable (never showing the value) if it cannot be sent in
     *                                  an HTTP header, e.g. it ends with the CR of a Windows line ending
     */
    public Optional<Secret> secretEnv(String variable) {
        return env(variable).map(v -> Secret.of(v, where() + "environment variable " + variable));
    }

    /**
     * The secret of {@code key}, else the environment variable {@code variable} (only when the application
     * passed the environment in, see {@link Builder#environment(Map)}).
     *
     * @throws IllegalArgumentException naming the setting or variable if its value cannot be sent in an HTTP
     *                                  header (see {@link #secret(String)})
     */
    public Optional<Secret> secretOrEnv(String key, String variable) {
        return secret(key).or(() -> secretEnv(variable));
    }

    /** An error about these settings: {@code message} after the generator's name, when it has one. */
    public IllegalArgumentException error(String message) {
        return new IllegalArgumentException(where() + message);
    }

    /**
     * {@code e} with the generator's name in front of its message, for errors raised further down (a
     * builder's {@code build()}); {@code e} itself when there is no name or the message already has it.
     */
    public IllegalArgumentException withName(IllegalArgumentException e) {
        String where = where();
        String m = String.valueOf(e.getMessage());
        return where.isEmpty() || m.startsWith(where) ? e : new IllegalArgumentException(where + m, e);
    }

    /** The integer value of {@code key}, or {@code defaultValue}. */
    public int integer(String key, int defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number && ((Number) v).doubleValue() == ((Number) v).intValue()) {
            return ((Number) v).intValue();
        }
        try {
            return Integer.parseInt(v.toString().strip());
        } catch (NumberFormatException e) {
            throw wrongType(key, "a whole number", v);
        }
    }

    /** The boolean value of {@code key} ({@code true}/{@code false}), or {@code defaultValue}. */
    public boolean bool(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = v.toString().strip().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw wrongType(key, "true or false", v);
    }

    /**
     * The duration value of {@code key}, or {@code defaultValue}. Accepts {@code 500ms}, {@code 10s},
     * {@code 5m}, {@code 1h}, ISO-8601 ({@code PT10S}) and plain numbers of seconds.
     */
    public Duration duration(String key, Duration defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Duration) {
            return (Duration) v;
        }
        if (v instanceof Number) {
            return Duration.ofMillis(Math.round(((Number) v).doubleValue() * 1000));
        }
        String s = v.toString().strip();
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            double millis = unit.equals("ms") ? amount : unit.equals("s") ? amount * 1000
                    : unit.equals("m") ? amount * 60_000 : amount * 3_600_000;
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
            } catch (NumberFormatException e2) {
                throw wrongType(key, "a duration such as 10s, 500ms, 5m or PT10S", v);
            }
        }
    }

    /** The URI value of {@code key}. @throws IllegalArgumentException if it is not a valid URI */
    public Optional<URI> uri(String key) {
        return string(key).map(s -> {
            try {
                URI u = new URI(s.strip());
                if (u.getScheme() == null || u.getHost() == null) {
                    throw wrongType(key, "an absolute URL such as https://example.com", s);
                }
                return u;
            } catch (URISyntaxException e) {
                throw wrongType(key, "a valid URL", s);
            }
        });
    }

    /** A nested map of strings ({@code deployments: {gpt-image-2: img2-prod}}); empty map if absent. */
    public Map<String, String> stringMap(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw wrongType(key, "a map of names to values", v);
        }
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((k, val) -> {
            if (val instanceof Map || val instanceof Iterable || val == null) {
                throw wrongType(key + "." + k, "a string", val);
            }
            out.put(String.valueOf(k), String.valueOf(val));
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * The request defaults these settings give (see {@link #REQUEST_DEFAULT_KEYS}) as an
     * {@link ImageRequest#template()}.
     *
     * @throws IllegalArgumentException naming the key and the value when one does not parse
     */
    public ImageRequest requestDefaults() {
        ImageRequest.Builder b = ImageRequest.template();
        try {
            string("model").ifPresent(b::model);
            string("size").ifPresent(b::size);
            string("quality").map(Quality::of).ifPresent(b::quality);
            string("background").map(Background::of).ifPresent(b::background);
            string("output-format").map(OutputFormat::of).ifPresent(b::outputFormat);
            string("moderation").map(Moderation::of).ifPresent(b::moderation);
            string("complexity").map(dev.imagegen4j.Complexity::of).ifPresent(b::complexity);
            string("safety-identifier").ifPresent(b::safetyIdentifier);
            Object params = values.get("params");
            if (params != null) {
                if (!(params instanceof Map)) {
                    throw wrongType("params", "a mapping of parameter names to values", params);
                }
                ((Map<?, ?>) params).forEach((k, v) -> b.param(String.valueOf(k), v));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where() + e.getMessage(), e);
        }
        if (has("output-compression")) {
            b.outputCompression(integer("output-compression", 100));
        }
        if (has("strict")) {
            b.strict(bool("strict", false));
        }
        try {
            return b.build();
        } catch (dev.imagegen4j.InvalidRequestException e) {
            throw new IllegalArgumentException(where() + e.getMessage(), e);
        }
    }

    /**
     * Fails if a key is not in {@code known}, suggesting the closest known key.
     *
     * @throws IllegalArgumentException e.g. {@code unknown setting 'apikey' for provider openai; did you
     *                                  mean 'api-key'? (known: api-key, base-url, ...)}
     */
    public void requireOnlyKeys(String providerId, Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where() + "unknown setting '" + key + "' for provider " + providerId
                        + Suggestions.didYouMean(key, known) + " (known: " + String.join(", ", new TreeSet<>(known))
                        + ")");
            }
        }
    }

    private String where() {
        return name == null ? "" : "generator '" + name + "': ";
    }

    private IllegalArgumentException missing(String key) {
        return new IllegalArgumentException(where() + "setting '" + key + "' is required");
    }

    private IllegalArgumentException wrongType(String key, String expected, Object value) {
        String shown = isSecretKey(key) || value instanceof Secret ? "***" : "'" + value + "'";
        return new IllegalArgumentException(where() + "setting '" + key + "' must be " + expected + " (got " + shown
                + ")");
    }

    private static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    /** The settings with secret values shown as {@code ***}; the environment is never shown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ProviderSettings[");
        if (name != null) {
            sb.append(name).append(": ");
        }
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            Object v = e.getValue();
            sb.append(e.getKey()).append('=').append(isSecretKey(e.getKey()) || v instanceof Secret ? "***" : v);
        }
        return sb.append(']').toString();
    }

    /** Builds {@link ProviderSettings}; not thread-safe. */
    public static final class Builder {
        private String name;
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private dev.imagegen4j.ModelCatalog catalog;

        private Builder() {
        }

        /** The model catalog to use instead of the built-in one (see {@link ProviderSettings#catalog()}). */
        public Builder catalog(dev.imagegen4j.ModelCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /** The generator's name, for messages. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets {@code key}; a null value removes it. */
        public Builder put(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
            return this;
        }

        /** Sets every entry of {@code map}. */
        public Builder putAll(Map<String, ?> map) {
            map.forEach(this::put);
            return this;
        }

        /**
         * The environment, for providers that fall back to variables such as {@code OPENAI_API_KEY}.
         * Pass {@code System.getenv()} to opt in. Default: empty.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment.clear();
            this.environment.putAll(environment);
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException if the text value of a secret key ({@code api-key}, {@code *-token},
         *                                  ...) cannot be sent in an HTTP header, e.g. it ends with a line break;
         *                                  the message names the key, never the value
         */
        public ProviderSettings build() {
            checkSecrets(values, "");
            return new ProviderSettings(this);
        }

        private void checkSecrets(Map<?, ?> map, String prefix) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = prefix + e.getKey();
                Object v = e.getValue();
                if (v instanceof Map) {
                    checkSecrets((Map<?, ?>) v, key + ".");
                } else if (v instanceof CharSequence && isSecretKey(String.valueOf(e.getKey()))
                        && !v.toString().isBlank()) {
                    Secret.of(v.toString(), (name == null ? "" : "generator '" + name + "': ") + "setting '" + key + "'");
                }
            }
        }
    }
}
