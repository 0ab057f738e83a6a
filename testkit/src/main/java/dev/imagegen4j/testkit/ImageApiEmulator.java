package dev.imagegen4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A wire-faithful HTTP emulator of the OpenAI, Azure OpenAI and AI/ML API image endpoints, listening on
 * loopback. One instance serves all three dialects at once:
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>Dialect</th><th>Base URL to give a client</th><th>Routes</th></tr>
 *   <tr><td>OpenAI</td><td>{@code baseUrl(Dialect.OPENAI)} = {@code baseUrl() + "/v1"}</td>
 *       <td>{@code POST /v1/images/generations}, {@code /edits} (multipart or JSON), {@code /variations}</td></tr>
 *   <tr><td>Azure</td><td>{@code baseUrl(Dialect.AZURE)} = {@code baseUrl()} (the resource endpoint)</td>
 *       <td>{@code POST /openai/deployments/{deployment}/images/{generations|edits}?api-version=...} and
 *       {@code POST /openai/v1/images/{generations|edits}}</td></tr>
 *   <tr><td>AI/ML API</td><td>{@code baseUrl(Dialect.AIMLAPI)} = {@code baseUrl() + "/aimlapi/v1"}
 *       (or {@code baseUrl() + "/v1"} when it is the {@linkplain Builder#dialect(Dialect) primary dialect})</td>
 *       <td>{@code POST .../v1/images/{generations|edits}}</td></tr>
 *   <tr><td>Gemini</td><td>{@code baseUrl(Dialect.GEMINI)} = {@code baseUrl() + "/gemini"}</td>
 *       <td>{@code POST /gemini/v1beta/models/{model}:generateContent} (Gemini API),
 *       {@code /gemini/v1/projects/{p}/locations/{l}/publishers/google/models/{model}:generateContent} (Vertex AI)
 *       and {@code /gemini/v1/publishers/google/models/{model}:generateContent} (Vertex express mode)</td></tr>
 * </table>
 * Images returned as URLs are served by the emulator itself at {@code GET /files/{id}.{ext}} (no auth, kept
 * in memory for 60 minutes).
 *
 * <p>It validates the way each service does (auth style, route, api-version, model or deployment, size
 * rules incl. the flexible sizes of gpt-image-2 and later, parameters a model rejects, GPT Image 2.5/2.6
 * qualities, complexity, GIF and SVG rules, masks and markup overlays) and answers with real PNG, JPEG, WebP,
 * animated GIF or SVG images of the requested size (edits drawn over the first input image, the masked area
 * tinted, every raster marked as coming from the emulator), streamed partial images, usage figures and each
 * vendor's error shapes. Models OpenAI shut down keep working unless {@link Builder#enforceRetirements(boolean)}.
 *
 * <p><b>Usage formula</b> (deterministic, so tests can assert equality): input text tokens =
 * ceil(prompt code points / 4); input image tokens = per reference image (and markup overlay) 65 + 129 ×
 * (512-px tiles, ceil(w/512) × ceil(h/512)), an image given by a reference the emulator does not fetch counting
 * as 1024x1024, the mask not counted; output tokens = n × (ceil(base × w × h × frames / 1024²) + 100 ×
 * partial_images when streaming) with base 272 (low), 1056 (medium, standard), 4160 (high, hd, auto), 6240
 * (xhigh) or 8320 (max) and frames the GIF frame count (1 otherwise); total = input + output. SVG output adds
 * {@code svg_usage}: input = the prompt's text tokens, output = ceil(SVG characters / 4) + reasoning tokens
 * (effort low 64, medium 256, high 1024, xhigh 2048, max 4096, else 0). AI/ML API reports
 * {@code credits_used} = 10 × input + 40 × output and {@code usd_spent} = credits / 2,000,000.
 *
 * <p>Thread-safe. Start one with {@link #start()} or {@link #builder()}, stop it with {@link #close()}.
 */
public final class ImageApiEmulator implements AutoCloseable {

    private final EmulatorServer server;
    private final EmulatorContext ctx;
    private final FaultPlan faults = new FaultPlan();
    private final Journal journal;
    private final Dialect primary;
    private final JournalFile journalFile;

    private ImageApiEmulator(Builder b) throws IOException {
        this.primary = b.dialect;
        List<Consumer<RecordedRequest>> sinks = new ArrayList<>();
        this.journalFile = b.journalFile == null ? null : new JournalFile(b.journalFile);
        if (journalFile != null) {
            sinks.add(journalFile);
        }
        if (b.requestLog != null) {
            Consumer<String> log = b.requestLog;
            sinks.add(r -> log.accept(JournalFile.logLine(r)));
        }
        this.journal = new Journal(b.journalCapacity, sinks);
        boolean modelNamed = b.modelNamedDeployments == null ? b.deployments.isEmpty() : b.modelNamedDeployments;
        this.ctx = new EmulatorContext(b.dialect, b.apiKey, b.deployments, modelNamed, b.aimlapiSuccessStatus,
                b.region, b.latency, b.enforceRetirements, b.shipped, b.jobDuration, b.outputUrlLifetime);
        try {
            this.server = new EmulatorServer(InetAddress.getLoopbackAddress(), b.port, ctx, Router.standard(ctx),
                    faults, journal, b.maxRequestBytes);
        } catch (IOException | RuntimeException e) {
            if (journalFile != null) {
                journalFile.close();
            }
            throw e;
        }
        ctx.baseUrl(baseUrl());
    }

    /** Starts an emulator with the defaults: an ephemeral port, OpenAI as primary dialect, any non-empty key. */
    public static ImageApiEmulator start() {
        return builder().start();
    }

    /** A builder with the defaults documented on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT} (or the loopback address in use), without a trailing slash. */
    public String baseUrl() {
        String host = server.address().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + server.port();
    }

    /**
     * The base URL a client of {@code dialect} should be configured with: {@code .../v1} for OpenAI, the
     * resource endpoint ({@link #baseUrl()}) for Azure, {@code .../aimlapi/v1} (or {@code .../v1} when AI/ML
     * API is the primary dialect) for AI/ML API, {@code .../gemini} for Gemini (the Gemini API and Vertex AI paths
     * follow it).
     */
    public String baseUrl(Dialect dialect) {
        switch (Objects.requireNonNull(dialect, "dialect")) {
            case AZURE:
                return baseUrl();
            case AIMLAPI:
                return primary == Dialect.AIMLAPI ? baseUrl() + "/v1" : baseUrl() + "/aimlapi/v1";
            case GEMINI:
                return baseUrl() + "/gemini";
            case REPLICATE:
                return baseUrl() + "/replicate/v1";
            case FAL:
                return baseUrl() + "/fal/queue";
            case OPENROUTER:
                return baseUrl() + "/openrouter/api/v1";
            default:
                if (primary != Dialect.OPENAI) {
                    throw new IllegalStateException("this emulator serves AI/ML API on /v1; build one with "
                            + "dialect(Dialect.OPENAI) for an OpenAI base URL");
                }
                return baseUrl() + "/v1";
        }
    }

    /** fal's synchronous endpoint: {@code baseUrl() + "/fal/run"} (the queue is {@code baseUrl(Dialect.FAL)}). */
    public String falSyncUrl() {
        return baseUrl() + "/fal/run";
    }

    /**
     * How long jobs submitted from now on take (Replicate predictions, fal requests): queued for the first third,
     * running for the rest. {@code null} restores the builder's value. {@link #reset()} restores it too.
     */
    public ImageApiEmulator jobDuration(Duration duration) {
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("job duration must not be negative, was " + duration);
        }
        ctx.jobDuration(duration);
        return this;
    }

    /** The jobs accepted so far (Replicate predictions, fal requests), oldest first, with their current state. */
    public java.util.List<String> jobs() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JobStore.Job j : ctx.jobs.all()) {
            out.add(j.dialect.name().toLowerCase(java.util.Locale.ROOT) + " " + j.id + " " + j.model + " "
                    + j.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /** The port the emulator listens on. */
    public int port() {
        return server.port();
    }

    /** The dialect answering on {@code /v1/images/...}. */
    public Dialect primaryDialect() {
        return primary;
    }

    /** The request journal. */
    public Journal journal() {
        return journal;
    }

    /**
     * Queues faults for the next requests, one fault per request, in order. Enqueued faults are used before
     * any {@linkplain #addRule(FaultRule) rule} and apply to every route, including {@code /files/...}.
     */
    public ImageApiEmulator enqueue(Fault... faults) {
        for (Fault f : faults) {
            this.faults.enqueue(Objects.requireNonNull(f, "fault"));
        }
        return this;
    }

    /** Installs a rule consulted for every request once the queue is empty (first matching rule wins). */
    public ImageApiEmulator addRule(FaultRule rule) {
        faults.addRule(Objects.requireNonNull(rule, "rule"));
        return this;
    }

    /** Removes a rule; returns whether it was installed. */
    public boolean removeRule(FaultRule rule) {
        return faults.removeRule(rule);
    }

    /** The number of enqueued faults not yet used. */
    public int pendingFaults() {
        return faults.pending();
    }

    /** Removes all enqueued faults and rules. */
    public ImageApiEmulator clearFaults() {
        faults.clear();
        return this;
    }

    /**
     * Limits image requests to {@code perMinute} in any sliding 60-second window; beyond it the emulator
     * answers 429 in the dialect's shape with {@code retry-after}, {@code retry-after-ms} and
     * {@code x-ratelimit-*} headers. Responses carry {@code x-ratelimit-*} headers while a limit is set.
     *
     * @param perMinute the limit, or 0 to remove it
     * @throws IllegalArgumentException if negative
     */
    public ImageApiEmulator rateLimit(int perMinute) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("perMinute must be 0 (off) or positive, was " + perMinute);
        }
        ctx.rateLimiter.limit(perMinute);
        return this;
    }

    /**
     * Synthetic-payload mode: every successful non-streaming image response carries, per image, a
     * {@code b64_json} whose decoded length is exactly {@code decodedBytes} pseudo-random bytes (deterministic:
     * the i-th image of a response is always the same bytes), base64-encoded while it is written, never held
     * in memory. The response has a {@code Content-Length} and keeps the dialect's other fields and usage.
     *
     * @param decodedBytes the decoded size of each image, or -1 to switch the mode off
     */
    public ImageApiEmulator synthetic(long decodedBytes) {
        if (decodedBytes < -1) {
            throw new IllegalArgumentException("decodedBytes must be -1 (off) or >= 0, was " + decodedBytes);
        }
        ctx.synthetic(decodedBytes);
        return this;
    }

    /**
     * Clears the journal, faults, rules, rate limit, synthetic mode and served files. A {@linkplain
     * Builder#journalFile(Path) journal file} keeps its lines (it is append-only).
     */
    public ImageApiEmulator reset() {
        journal.clear();
        faults.clear();
        ctx.rateLimiter.limit(0);
        ctx.synthetic(-1);
        ctx.files.clear();
        ctx.jobs.clear();
        ctx.jobDuration(null);
        return this;
    }

    /** Stops listening, closes every open connection and the journal file. Idempotent. */
    @Override
    public void close() {
        server.close();
        if (journalFile != null) {
            journalFile.close();
        }
    }

    @Override
    public String toString() {
        return "ImageApiEmulator[" + baseUrl() + ", primary " + primary + "]";
    }

    /**
     * Configures an emulator. Not thread-safe; {@link #build()} validates and copies the settings.
     */
    public static final class Builder {
        private int port;
        private Dialect dialect = Dialect.OPENAI;
        private String apiKey;
        private final Map<String, String> deployments = new LinkedHashMap<>();
        private Duration latency = Duration.ZERO;
        private int aimlapiSuccessStatus = 200;
        private String region = "eastus2";
        private long maxRequestBytes = 1024L * 1024 * 1024;
        private int journalCapacity = 10_000;
        private Boolean modelNamedDeployments;
        private boolean enforceRetirements;
        private final java.util.List<Models.Entry> shipped = new java.util.ArrayList<>();
        private Path journalFile;
        private Consumer<String> requestLog;
        private Duration jobDuration = Duration.ofMillis(300);
        private Duration outputUrlLifetime = FileStore.LIFETIME;

        private Builder() {
        }

        /** The port to listen on; default 0 (an ephemeral port). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * The dialect answering on {@code /v1/images/...}: {@link Dialect#OPENAI} (default) or
         * {@link Dialect#AIMLAPI}. Azure routes ({@code /openai/...}) and {@code /aimlapi/v1/...} are always
         * served. {@link Dialect#AZURE} is rejected by {@link #build()} because Azure has no {@code /v1} route.
         */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * The only accepted key (Bearer token, or Azure {@code api-key}); default none, meaning any non-empty
         * key is accepted. A wrong or missing key gets a 401 in the dialect's shape.
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Maps an Azure deployment name to the model it serves. With no deployment configured, a deployment
         * named after a model Azure serves (e.g. {@code gpt-image-2}) is accepted; with any configured, only the
         * configured ones exist (others get 404 {@code DeploymentNotFound}) unless
         * {@link #azureModelNamedDeployments(boolean)} says otherwise.
         *
         * @param model one of gpt-image-2.6-flare, gpt-image-2.6-sunburst, gpt-image-2.5-flare,
         *     gpt-image-2.5-sunburst, gpt-image-2, gpt-image-1.5, gpt-image-1, gpt-image-1-mini (or a dated
         *     {@code -YYYY-MM-DD} snapshot of one of them), dall-e-3
         */
        public Builder azureDeployment(String deployment, String model) {
            deployments.put(Objects.requireNonNull(deployment, "deployment"), Objects.requireNonNull(model, "model"));
            return this;
        }

        /**
         * Whether a deployment named after a model Azure serves exists in addition to the configured ones (as
         * on a resource where every model is also deployed under its own name). Default: only when no
         * deployment is configured.
         */
        public Builder azureModelNamedDeployments(boolean accept) {
            this.modelNamedDeployments = accept;
            return this;
        }

        /**
         * Whether models OpenAI has shut down are answered as OpenAI answers them now: on the OpenAI dialect,
         * gpt-image-1 (shut down 2026-10-23) and dall-e-2/dall-e-3 (retired 2026-05-12) get 404
         * {@code model_not_found} naming the date and successor. Azure and AI/ML API keep serving them.
         * Default {@code false}: they still work, so tests written for them keep passing.
         */
        public Builder enforceRetirements(boolean enforce) {
            this.enforceRetirements = enforce;
            return this;
        }

        /**
         * Serves a model the vendor shipped after the library was released (the day-zero scenario): {@code id}
         * follows the rules of {@code like} (a model the emulator knows) and also takes {@code extraQualities}. It is
         * served by every dialect: as {@code id} on OpenAI and Azure (a deployment named after it), as
         * {@code openai/<id>} on AI/ML API. Default: none.
         *
         * @throws IllegalArgumentException if {@code like} is not a model the emulator knows
         */
        /**
         * {@link #shipModel(String, String, String...)} from its command-line form {@code ID=LIKE[:QUALITY,...]}, e.g.
         * {@code gpt-image-3-preview=gpt-image-2.6-flare:ultra}.
         *
         * @throws IllegalArgumentException if the text has another form or {@code LIKE} is unknown
         */
        public Builder shipModel(String spec) {
            String s = Objects.requireNonNull(spec, "spec").strip();
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("--ship-model expects ID=LIKE[:QUALITY,...], e.g. "
                        + "gpt-image-3-preview=gpt-image-2.6-flare:ultra; was " + spec);
            }
            String rest = s.substring(eq + 1);
            int colon = rest.indexOf(':');
            String like = colon < 0 ? rest : rest.substring(0, colon);
            String[] qualities = colon < 0 || colon == rest.length() - 1 ? new String[0]
                    : rest.substring(colon + 1).split(",");
            return shipModel(s.substring(0, eq), like, qualities);
        }

        public Builder shipModel(String id, String like, String... extraQualities) {
            Objects.requireNonNull(id, "id");
            shipped.add(Models.shipped(id, like, java.util.List.of(extraQualities)));
            return this;
        }

        /**
         * Appends one JSON line per request to {@code file} (created with its folders if missing, flushed per
         * line): {@code time, method, path, dialect, model, deployment, status, request_id, outcome, ms}. For
         * counting what was answered (paid for) from outside the JVM. Default: none.
         */
        public Builder journalFile(Path file) {
            this.journalFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Receives one line per request (dialect, method, path, model, outcome with status, milliseconds to
         * answer, request id), e.g. {@code System.err::println}. Called on the serving thread, in journal order;
         * must not block. Never contains keys or bodies. Default: none.
         */
        public Builder requestLog(Consumer<String> sink) {
            this.requestLog = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * How long a job of the job hosts takes from its submit to its output (Replicate predictions, fal requests):
         * queued for the first third, running for the rest. Default 300 ms.
         */
        public Builder jobDuration(Duration duration) {
            this.jobDuration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /**
         * How long served image URLs ({@code /files/...}: job outputs, {@code response_format=url}) stay available;
         * later they answer 404, as an expired vendor URL does. Default 60 minutes.
         */
        public Builder outputUrlLifetime(Duration lifetime) {
            this.outputUrlLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /** Latency added to every request before it is processed; default zero. */
        public Builder latency(Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** The success status of AI/ML API responses: 200 (default) or 201. */
        public Builder aimlapiSuccessStatus(int status) {
            this.aimlapiSuccessStatus = status;
            return this;
        }

        /** The Azure region sent in {@code x-ms-region}; default {@code eastus2}. */
        public Builder azureRegion(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** The largest request body accepted (413 beyond it); default 1 GiB. Bodies are buffered in memory. */
        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        /** How many requests the journal keeps (oldest dropped first); default 10,000. */
        public Builder journalCapacity(int capacity) {
            this.journalCapacity = capacity;
            return this;
        }

        /**
         * Validates the settings and starts the emulator.
         *
         * @throws IllegalArgumentException for invalid settings, naming the setting
         * @throws UncheckedIOException if the port cannot be bound
         */
        public ImageApiEmulator build() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            if (dialect != Dialect.OPENAI && dialect != Dialect.AIMLAPI) {
                throw new IllegalArgumentException("dialect must be OPENAI or AIMLAPI: it chooses who answers on "
                        + "/v1/images; Azure routes (/openai/...) are always served");
            }
            if (apiKey != null && apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank; leave it unset to accept any key");
            }
            for (Map.Entry<String, String> d : deployments.entrySet()) {
                if (d.getKey().isBlank() || d.getKey().contains("/")) {
                    throw new IllegalArgumentException("azureDeployment name must be non-blank without '/', was '"
                            + d.getKey() + "'");
                }
                if (Models.azure(d.getValue(), shipped) == null) {
                    throw new IllegalArgumentException("azureDeployment '" + d.getKey() + "' maps to model '"
                            + d.getValue() + "', which Azure does not serve; use one of " + Models.azureIds()
                            + " (or a dated -YYYY-MM-DD snapshot of a gpt-image id)");
                }
            }
            if (jobDuration.isNegative() || outputUrlLifetime.isNegative() || outputUrlLifetime.isZero()) {
                throw new IllegalArgumentException("jobDuration must not be negative and outputUrlLifetime must be "
                        + "positive, were " + jobDuration + " and " + outputUrlLifetime);
            }
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, was " + latency);
            }
            if (aimlapiSuccessStatus != 200 && aimlapiSuccessStatus != 201) {
                throw new IllegalArgumentException("aimlapiSuccessStatus must be 200 or 201, was "
                        + aimlapiSuccessStatus);
            }
            if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("maxRequestBytes must be between 1 and " + (Integer.MAX_VALUE - 16)
                        + ", was " + maxRequestBytes);
            }
            if (journalCapacity < 1) {
                throw new IllegalArgumentException("journalCapacity must be at least 1, was " + journalCapacity);
            }
            try {
                return new ImageApiEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not listen on loopback port " + port + ": " + e.getMessage()
                        + " (choose another port, or 0 for an ephemeral one)", e);
            }
        }

        /** Same as {@link #build()}: the emulator is listening when it returns. */
        public ImageApiEmulator start() {
            return build();
        }
    }
}
