package dev.imagegen4j.openai.wire;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.spi.ProviderSettings;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every OpenAI-style provider's builder has: timeouts, request defaults, default model,
 * catalog, HTTP client, insecure http and {@code Expect: 100-continue}. Provider builders extend it and add
 * their own (URL, auth, model map); {@link #settings(ProviderSettings)} fills the common part from config.
 * Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class WireGeneratorBuilder<B extends WireGeneratorBuilder<B>> {

    private Timeouts timeouts = Timeouts.DEFAULT;
    private ImageRequest defaults;
    private ModelId defaultModel;
    private ModelCatalog catalog = ModelCatalog.builtIn();
    private HttpClient httpClient;
    private boolean allowInsecureHttp;
    private boolean expectContinue = true;
    private Clock clock = Clock.systemUTC();
    private java.util.Map<String, String> environment = java.util.Map.of();
    private long maxImageBytes = WireImageGenerator.DEFAULT_MAX_IMAGE_BYTES;

    /** For subclasses. */
    protected WireGeneratorBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * All timeouts. Default {@link Timeouts#DEFAULT} (connect 10 s, headers 10 min, body idle 60 s, deadline
     * 15 min, 100-continue wait 5 s).
     */
    public B timeouts(Timeouts timeouts) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        return self();
    }

    /** The connect timeout. Default 10 s. */
    public B connectTimeout(Duration d) {
        this.timeouts = timeouts.withConnect(d);
        return self();
    }

    /**
     * Time to response headers, i.e. the generation itself. Default 10 min. A deadline not set explicitly
     * follows it (this plus 5 min).
     */
    public B responseTimeout(Duration d) {
        this.timeouts = timeouts.withHeaders(d);
        return self();
    }

    /** The longest pause in the response body before the call fails. Default 60 s. */
    public B idleTimeout(Duration d) {
        this.timeouts = timeouts.withBodyIdle(d);
        return self();
    }

    /**
     * The longest a call may take in all, from sending to the last byte of the answer, however the server
     * behaves (a body dripping a byte at a time, keep-alive comments in a stream). Default: the response
     * timeout plus 5 min (15 min). After it, the call fails with {@code ResultUnknownException} if the
     * request was sent, {@code RetryableException} if it was not.
     */
    public B deadline(Duration d) {
        this.timeouts = timeouts.withDeadline(d);
        return self();
    }

    /**
     * How long to wait for {@code 100 Continue} (or any answer) before the body is sent, from the start of
     * the call. A server that ignores {@code Expect: 100-continue} is then sent the request again without
     * it, once (nothing was sent the first time), and the generator leaves the header off for that host.
     * Default 5 s.
     */
    public B expectContinueTimeout(Duration d) {
        this.timeouts = timeouts.withExpectContinue(d);
        return self();
    }

    /**
     * The size cap of one decoded image (base64 or streamed, in memory or to a sink); a larger one fails the
     * call with {@code ResultUnknownException}. Default 512 MiB.
     *
     * @throws IllegalArgumentException if {@code max} is not positive
     */
    public B maxImageBytes(long max) {
        this.maxImageBytes = WireImageGenerator.positive(max, "max image bytes");
        return self();
    }

    /** Default options for every request: an {@link ImageRequest#template()}. Default none. */
    public B defaults(ImageRequest defaults) {
        this.defaults = defaults;
        return self();
    }

    /**
     * The model of requests that name none. Default the catalog's {@link ModelCatalog#defaultModel()} (a provider
     * may choose another, e.g. Azure's only deployment).
     */
    public B defaultModel(ModelId model) {
        this.defaultModel = Objects.requireNonNull(model, "model");
        return self();
    }

    /** The model catalog, before the provider's narrowing. Default {@link ModelCatalog#builtIn()}. */
    public B catalog(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        return self();
    }

    /** A custom HTTP client. It must not follow redirects. Default: one per generator. */
    public B httpClient(HttpClient httpClient) {
        this.httpClient = httpClient;
        return self();
    }

    /** Allows plain http to a host that is not loopback. Default false. */
    public B allowInsecureHttp(boolean allow) {
        this.allowInsecureHttp = allow;
        return self();
    }

    /**
     * The environment to read the provider's variables from when a setting was not given (the API key from
     * {@code OPENAI_API_KEY}, {@code AZURE_OPENAI_API_KEY}, ...): pass {@code System.getenv()} to opt in. Default: none
     * (the environment is never read implicitly).
     */
    public B environment(java.util.Map<String, String> environment) {
        this.environment = java.util.Map.copyOf(Objects.requireNonNull(environment, "environment"));
        return self();
    }

    /**
     * The secret in environment variable {@code variable} of {@link #environment}, if it is set and not blank.
     *
     * @throws IllegalArgumentException naming the variable (never the value) if it cannot be sent in a header
     */
    protected final java.util.Optional<dev.imagegen4j.Secret> secretFromEnvironment(String variable) {
        String v = environment.get(variable);
        return v == null || v.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(dev.imagegen4j.Secret.of(v, "environment variable " + variable));
    }

    /** A variable of {@link #environment}, if set and not blank. */
    protected final java.util.Optional<String> fromEnvironment(String variable) {
        String v = environment.get(variable);
        return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.strip());
    }

    /**
     * A key given as text: {@code null} is an error that names {@code variable}, the usual place it comes from
     * ({@code apiKey(System.getenv("OPENAI_API_KEY"))} with the variable unset).
     */
    protected static dev.imagegen4j.Secret key(String apiKey, String variable) {
        if (apiKey == null) {
            throw new IllegalArgumentException("the API key is null: is " + variable + " set? (or call "
                    + "environment(System.getenv()) to read it from there)");
        }
        return dev.imagegen4j.Secret.of(apiKey, "API key");
    }

    /** The clock that dates model shutdowns (see {@link dev.imagegen4j.Lifecycle}). Default the UTC system clock. */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** Whether requests carry {@code Expect: 100-continue}. Default true (see {@link WireImageGenerator}). */
    public B expectContinue(boolean expectContinue) {
        this.expectContinue = expectContinue;
        return self();
    }

    /** The list prices of the catalog, for cost estimates. */
    protected final dev.imagegen4j.PriceTable catalogPrices() {
        return catalog.prices();
    }

    /** The catalog set so far. */
    protected final ModelCatalog catalog() {
        return catalog;
    }

    /**
     * Fills the common settings from configuration: the catalog (a configuration file's {@code models:}), request
     * defaults, {@code connect-timeout}, {@code response-timeout}, {@code idle-timeout}, {@code deadline},
     * {@code allow-insecure-http}, {@code expect-continue}, {@code expect-continue-timeout}, {@code max-image-bytes}
     * (see {@link WireSettings}).
     *
     * @throws IllegalArgumentException naming the setting and the value when one does not parse
     */
    public B settings(ProviderSettings s) {
        s.catalog().ifPresent(this::catalog);
        timeouts(WireSettings.timeouts(s));
        allowInsecureHttp(WireSettings.allowInsecureHttp(s));
        expectContinue(WireSettings.expectContinue(s));
        maxImageBytes(WireSettings.maxImageBytes(s));
        defaults(s.requestDefaults());
        return self();
    }

    /** The default model, or null when none was set. */
    protected final ModelId defaultModelOrNull() {
        return defaultModel;
    }

    /**
     * A wire builder for {@code dialect} with the common settings applied; {@code fallbackModel} is the
     * default model when none was set (null: the catalog's default model).
     */
    protected final WireImageGenerator.Builder wire(WireDialect dialect, ModelId fallbackModel) {
        ModelId model = defaultModel != null ? defaultModel : fallbackModel != null ? fallbackModel
                : catalog.defaultModel();
        return WireImageGenerator.builder(dialect)
                .httpClient(httpClient)
                .timeouts(timeouts)
                .catalog(catalog)
                .defaults(defaults)
                .defaultModel(model)
                .allowInsecureHttp(allowInsecureHttp)
                .expectContinue(expectContinue)
                .maxImageBytes(maxImageBytes)
                .clock(clock);
    }

    /**
     * A {@link WireClient} builder for {@code providerId} with the common settings applied (timeouts, HTTP client,
     * {@code Expect: 100-continue}, image size cap): for providers of other protocols.
     */
    protected final WireClient.Builder client(String providerId) {
        return WireClient.builder(providerId)
                .httpClient(httpClient)
                .timeouts(timeouts)
                .expectContinue(expectContinue)
                .maxImageBytes(maxImageBytes);
    }

    /** The request defaults set so far, or null. */
    protected final ImageRequest defaultsOrNull() {
        return defaults;
    }

    /** The clock that dates model shutdowns. */
    protected final Clock clock() {
        return clock;
    }

    /** Whether plain http to a host other than loopback was allowed. */
    protected final boolean insecureHttpAllowed() {
        return allowInsecureHttp;
    }

    /** A wire builder for {@code dialect} whose default model is the catalog's unless one was set. */
    protected final WireImageGenerator.Builder wire(WireDialect dialect) {
        return wire(dialect, null);
    }
}
