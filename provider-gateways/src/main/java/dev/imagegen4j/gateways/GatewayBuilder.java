package dev.imagegen4j.gateways;

import dev.imagegen4j.ModelId;
import dev.imagegen4j.Secret;
import dev.imagegen4j.internal.NetworkRules;
import dev.imagegen4j.openai.wire.WireClient;
import dev.imagegen4j.openai.wire.WireGeneratorBuilder;
import dev.imagegen4j.openai.wire.WireSettings;
import dev.imagegen4j.spi.HostModels;
import dev.imagegen4j.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings every gateway's builder has besides the common ones of {@link WireGeneratorBuilder}: the host data
 * ({@link HostModels}, with {@link #model}/{@link #models} adding or replacing entries), the polling clocks of job
 * hosts, and the size cap of downloaded images. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class GatewayBuilder<B extends GatewayBuilder<B>> extends WireGeneratorBuilder<B> {

    /** The setting keys of every gateway provider besides the common ones. */
    static final Set<String> KEYS = Set.of("api-key", "base-url", "models", "poll-interval", "max-poll-interval",
            "job-timeout", "max-download-bytes");

    private HostModels hosts = HostModels.builtIn();
    private final Map<String, Object> models = new LinkedHashMap<>();
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration maxPollInterval = Duration.ofSeconds(5);
    private Duration jobTimeout = Duration.ofMinutes(30);
    private long maxDownloadBytes = dev.imagegen4j.internal.SafeDownloader.DEFAULT_MAX_BYTES;
    Secret apiKey;

    GatewayBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The API key (required). */
    public B apiKey(Secret apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        return self();
    }

    /** The API key as text. @throws IllegalArgumentException if blank or not sendable in a header */
    public B apiKey(String apiKey) {
        return apiKey(Secret.of(apiKey));
    }

    /** The host data. Default {@link HostModels#builtIn()} ({@code dev/imagegen4j/hosts.yaml}). */
    public B hostModels(HostModels hosts) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        return self();
    }

    /** Gives the logical {@code model} the host's id {@code hostId}, with the inputs of its template or pattern. */
    public B model(ModelId model, String hostId) {
        models.put(Objects.requireNonNull(model, "model").value(), Objects.requireNonNull(hostId, "hostId"));
        return self();
    }

    /**
     * Adds or replaces host entries: logical id to the host's id, or to an entry in the schema of {@code hosts.yaml}
     * ({@code {like, id, edit-id, inputs, fixed, max-n, aspect-ratios}}).
     */
    public B models(Map<String, ?> entries) {
        models.putAll(entries);
        return self();
    }

    /** The first wait between polls of a job; it grows by half each poll up to {@link #maxPollInterval}. Default 500 ms. */
    public B pollInterval(Duration d) {
        this.pollInterval = positive(d, "poll interval");
        return self();
    }

    /** The longest wait between polls. Default 5 s. */
    public B maxPollInterval(Duration d) {
        this.maxPollInterval = positive(d, "max poll interval");
        return self();
    }

    /**
     * The longest a job may take from its submit to its output. After it the remote job is cancelled and the call
     * fails with {@code ResultUnknownException} (it may still be billed). Default 30 min.
     */
    public B jobTimeout(Duration d) {
        this.jobTimeout = positive(d, "job timeout");
        return self();
    }

    /** The size cap of one downloaded image. Default 64 MiB. */
    public B maxDownloadBytes(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max download bytes must be positive: " + max);
        }
        this.maxDownloadBytes = max;
        return self();
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d;
    }

    /** Fills the common settings, then {@code models}, {@code poll-interval}, {@code max-poll-interval}, {@code job-timeout}, {@code max-download-bytes}. */
    @Override
    public B settings(ProviderSettings s) {
        super.settings(s);
        s.raw("models").ifPresent(m -> {
            if (!(m instanceof Map)) {
                throw s.error("models must be a map of model ids to the host's ids or entries, was '" + m + "'");
            }
            ((Map<?, ?>) m).forEach((k, v) -> models.put(String.valueOf(k), v));
        });
        pollInterval(s.duration("poll-interval", pollInterval));
        maxPollInterval(s.duration("max-poll-interval", maxPollInterval));
        jobTimeout(s.duration("job-timeout", jobTimeout));
        if (s.has("max-download-bytes")) {
            maxDownloadBytes(s.integer("max-download-bytes", 1));
        }
        return self();
    }

    /** The setting keys of a gateway provider with {@code own} keys. */
    static Set<String> keys(Set<String> own) {
        Set<String> all = new java.util.HashSet<>(KEYS);
        all.addAll(own);
        return WireSettings.keysWith(all);
    }

    // ---- for the concrete builders -------------------------------------------------------------------

    Secret requireKey(String what) {
        if (apiKey == null) {
            throw new IllegalArgumentException(what);
        }
        return apiKey;
    }

    /** Checks a base URL: https, or plain http to loopback only (unless insecure http is allowed). */
    URI checked(URI base, String setting) {
        if (base.getHost() == null || !(base.getScheme().equalsIgnoreCase("https")
                || base.getScheme().equalsIgnoreCase("http"))) {
            throw new IllegalArgumentException(setting + " " + base + ": an http(s) URL with a host is required");
        }
        if (!"https".equalsIgnoreCase(base.getScheme()) && !NetworkRules.isLoopbackHost(base.getHost())
                && !insecureHttpAllowed()) {
            throw new IllegalArgumentException(setting + " " + base.getScheme() + "://" + base.getHost()
                    + ": https is required except for loopback hosts (allow insecure http to override)");
        }
        String s = base.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    HostCalls calls(String providerId, boolean splitsCalls) {
        HostModels data = models.isEmpty() ? hosts : hosts.with(providerId, models);
        ModelId model = defaultModelOrNull() != null ? defaultModelOrNull() : catalog().defaultModel();
        return new HostCalls(providerId, catalog(), data, defaultsOrNull(), model, clock(), splitsCalls);
    }

    WireClient client(String providerId, URI base, List<String> requestIdHeaders) {
        return client(providerId).secrets(() -> List.of(apiKey.reveal())).requestIdHeaders(requestIdHeaders)
                .maxDownloadBytes(maxDownloadBytes).allowLoopbackDownloads(NetworkRules.isLoopbackHost(base.getHost()))
                .build();
    }

    JobRunner.Polling polling() {
        if (maxPollInterval.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("max poll interval " + maxPollInterval + " is shorter than the poll "
                    + "interval " + pollInterval);
        }
        return new JobRunner.Polling(pollInterval, maxPollInterval, jobTimeout);
    }
}
