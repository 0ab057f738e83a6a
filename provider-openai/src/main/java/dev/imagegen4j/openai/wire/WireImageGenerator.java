package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.Cost;
import dev.imagegen4j.DryRun;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.PartialImage;
import dev.imagegen4j.ResponseFormat;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.internal.SafeDownloader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ImageGenerator} for any service that speaks the OpenAI Images protocol; a
 * {@link WireDialect} supplies what differs (URLs, auth, model ids, quirks).
 *
 * <p>Per call it: applies the generator's defaults; resolves the model in the catalog and narrows it
 * through the dialect; validates (nothing is sent for a request that breaks a rule); maps the model to
 * its wire id; encodes JSON or streaming multipart; sends with {@code java.net.http}; decodes the
 * response as each network buffer arrives, without a thread waiting on the body (base64 straight into an
 * array that grows with the data, or into the request's sink); maps errors. It never retries a request
 * that may have reached the vendor: retries and failover belong to the routing decorators above it.
 *
 * <p>Clocks ({@link Timeouts}): connect, time to headers, body idle, an overall deadline per call, and the
 * wait for {@code 100 Continue}. Requests carry {@code Expect: 100-continue} by default, so the body is sent
 * only once the server has accepted the headers: a connection dropped before that provably sent nothing,
 * and a large upload is not sent to a server that rejects it. A server that never answers the header
 * (HTTP/1.0 servers, some proxies) gets the request once more without it when neither {@code 100} nor an
 * answer came within the wait and no body byte left (the body is then withheld for good, so the first
 * attempt cannot have been acted on); the generator remembers that host.
 *
 * <table>
 *   <caption>What a failure means (what the vendor may have received)</caption>
 *   <tr><th>When</th><th>Exception</th></tr>
 *   <tr><td>cannot connect; reset, deadline or abandon before the request body was handed over</td>
 *       <td>{@link RetryableException}: nothing can have been processed</td></tr>
 *   <tr><td>an HTTP error answer</td><td>{@link ErrorMapper}'s table; 504/524/598/599, and 502/520 after the
 *       body was sent, are {@link ResultUnknownException}</td></tr>
 *   <tr><td>headers timeout, reset, stall, deadline, truncated or malformed body, an image over
 *       {@link Builder#maxImageBytes}, a malformed image URL, a failed download or sink, after the body was
 *       sent</td><td>{@link ResultUnknownException}: the image may have been generated and paid for</td></tr>
 *   <tr><td>a stream {@code error} event after a partial image</td><td>{@link ResultUnknownException} (the
 *       vendor's error is its cause)</td></tr>
 *   <tr><td>a stream {@code error} event after a completed image</td><td>the result, with the failure in
 *       {@link ImageResult#failures()} and a warning</td></tr>
 *   <tr><td>some calls of a request split into parallel calls ({@link WireDialect#maxImagesPerCall})
 *       failed</td><td>the images that arrived, usage and cost, with each failed call in
 *       {@link ImageResult#failures()} and a warning; never thrown, never retried</td></tr>
 *   <tr><td>every call of a split request failed</td><td>{@link ResultUnknownException} (the others
 *       suppressed) if any may have been paid for; otherwise the first failure that is not retryable, or
 *       the first</td></tr>
 * </table>
 *
 * <p>Thread-safe; create one per configuration and share it. Listener callbacks run on the HTTP client's
 * threads, in order, never concurrently for one call.
 */
public final class WireImageGenerator implements ImageGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(WireImageGenerator.class);

    /** The default of {@link Builder#maxImageBytes}: 512 MiB. */
    public static final long DEFAULT_MAX_IMAGE_BYTES = 512L << 20;

    private final WireDialect dialect;
    private final HttpClient http;
    private final Timeouts timeouts;
    private final ModelCatalog catalog;
    private final ImageRequest defaults;
    private final ModelId defaultModel;
    private final ObjectMapper mapper;
    private final WireTransport transport;
    private final WireResults results;
    /** The dialect's message format when it is not the OpenAI Images protocol; else null. */
    private final WireCodec codec;
    private final ResponseDecoder decoder;
    private final String userAgent;
    private final Clock clock;

    private WireImageGenerator(Builder b) {
        this.clock = b.clock;
        this.dialect = b.dialect;
        this.timeouts = b.timeouts;
        this.http = b.httpClient != null ? b.httpClient : defaultClient(b.timeouts);
        this.catalog = b.catalog;
        this.defaults = b.defaults;
        this.defaultModel = b.defaultModel;
        this.mapper = new ObjectMapper();
        // Image data never becomes a String (see ResponseDecoder); this only bounds the small fields.
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(StreamReadConstraints.DEFAULT_MAX_STRING_LEN).build());
        // asked per message: a dialect's secrets may change (e.g. a refreshed Entra ID token)
        UnaryOperator<String> redactor = redactor(dialect::secretsToRedact);
        this.codec = dialect.codec().orElse(null);
        ErrorMapper standard = new ErrorMapper(dialect.requestIdHeaders(), redactor);
        this.decoder = new ResponseDecoder(mapper);
        this.transport = new WireTransport(dialect.providerId(), http, b.timeouts,
                codec == null ? standard : codec.errors(standard), b.maxImageBytes, b.expectContinue);
        this.results = new WireResults(dialect, SafeDownloader.builder().allowLoopback(b.allowLoopbackDownloads)
                .maxBytes(b.maxDownloadBytes).connectTimeout(b.timeouts.connect()).idleTimeout(b.timeouts.bodyIdle())
                .build());
        this.userAgent = userAgent();
    }

    /** The HTTP client of a generator that was given none: HTTP/1.1, no redirects (keys stay at their origin). */
    static HttpClient defaultClient(Timeouts timeouts) {
        return HttpClient.newBuilder()
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** {@code imagegen4j/VERSION java/VERSION}. */
    static String userAgent() {
        return "imagegen4j/" + version() + " java/" + System.getProperty("java.version");
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming {@code what} when it is not positive. */
    static long positive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }

    /** A request builder with the headers every call has: timeout, {@code Accept}, {@code User-Agent}, Expect. */
    static HttpRequest.Builder newRequest(URI uri, java.time.Duration timeout, String accept, String userAgent,
            boolean expect) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).header("User-Agent", userAgent)
                .expectContinue(expect);
    }

    /** Replaces each of the current secrets with {@code ***}. */
    static UnaryOperator<String> redactor(java.util.function.Supplier<List<String>> secrets) {
        return s -> {
            String out = s;
            for (String secret : secrets.get()) {
                if (secret != null && !secret.isEmpty()) {
                    out = out.replace(secret, "***");
                }
            }
            return out;
        };
    }

    private static String version() {
        String v = WireImageGenerator.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** A builder for a generator speaking {@code dialect}. */
    public static Builder builder(WireDialect dialect) {
        return new Builder(dialect);
    }

    @Override
    public String providerId() {
        return dialect.providerId();
    }

    @Override
    public ModelCapabilities capabilities(ModelId model) {
        return dialect.narrow(model, catalog.resolve(model).capabilities());
    }

    @Override
    public List<String> check(ImageRequest request) {
        return List.copyOf(prepare(request).warnings);
    }

    @Override
    public DryRun dryRun(ImageRequest request) {
        Prepared p = prepare(request);
        List<DryRun.Request> requests = new ArrayList<>();
        Cost cost = null;
        boolean priced = true;
        for (int count : chunks(p)) {
            ImageRequest r = p.request.toBuilder().n(count).build();
            ImageOperation op = r.operation();
            Map<String, String> headers = new java.util.TreeMap<>();
            Set<String> secrets = new java.util.HashSet<>(dialect.secretsToRedact());
            dialect.headers((name, value) -> headers.put(name, DryRuns.masked(name, value, secrets)));
            headers.put("Accept", p.stream ? "text/event-stream" : "application/json");
            String body;
            if (codec != null) {
                WireCodec.Body b = codec.encode(r, new WireCodec.Call(p.model, p.wireModel, p.caps, p.sendAsAsked));
                headers.put("Content-Type", b.contentType());
                body = DryRuns.published(b.publisher(), mapper);
            } else if (op == ImageOperation.GENERATE || p.jsonEdit) {
                headers.put("Content-Type", "application/json");
                Map<String, Object> f = fields(p, r, false);
                if (p.jsonEdit) {
                    List<Map<String, String>> images = new ArrayList<>();
                    r.images().forEach(i -> images.add(DryRuns.reference(i)));
                    f.put("images", images);
                    r.mask().ifPresent(m -> f.put("mask", DryRuns.reference(m)));
                    r.markup().ifPresent(m -> f.put(dialect.markupField(), DryRuns.reference(m)));
                }
                body = DryRuns.json(f, mapper);
            } else {
                headers.put("Content-Type", "multipart/form-data");
                List<String> parts = new ArrayList<>();
                String name = op == ImageOperation.VARIATION || p.caps.family().equals("dall-e") ? "image" : "image[]";
                r.images().forEach(i -> parts.add(DryRuns.filePart(name, i)));
                r.mask().ifPresent(m -> parts.add(DryRuns.filePart("mask", m)));
                r.markup().ifPresent(m -> parts.add(DryRuns.filePart(dialect.markupField(), m)));
                body = DryRuns.multipart(fields(p, r, true), parts);
            }
            requests.add(new DryRun.Request(dialect.providerId(), "POST", dialect.endpoint(op, p.wireModel), headers,
                    body));
            java.util.Optional<Cost> c = catalog.prices().estimate(p.model, dev.imagegen4j.Usage.estimate(r, p.caps));
            if (c.isEmpty()) {
                priced = false;
            } else {
                cost = cost == null ? c.get() : cost.plus(c.get());
            }
        }
        List<String> notes = new ArrayList<>();
        if (requests.size() > 1) {
            notes.add(dialect.providerId() + " returns at most " + p.perCall + " image(s) per call: " + requests.size()
                    + " calls would be made in parallel");
        }
        if (p.sendAsAsked) {
            notes.add(p.model + " is not in the model catalog: the request would be sent as asked");
        }
        return new DryRun(requests, p.warnings, priced && cost != null ? java.util.Optional.of(cost)
                : java.util.Optional.empty(), notes);
    }


    @Override
    public ImageResult generate(ImageRequest request, ImageListener listener) {
        Objects.requireNonNull(listener, "listener");
        Prepared p = prepare(request);
        List<Attempt> attempts = attempts(p, listener);
        try {
            return await(start(p, attempts), attempts);
        } catch (ModelNotFoundException e) {
            throw unknownModel(p, e);
        }
    }

    /**
     * A vendor's "no such model" for an id the catalog does not know either is most often a typo: say which known id
     * is closest (nothing was generated: a 404 is not billed).
     */
    private RuntimeException unknownModel(Prepared p, ModelNotFoundException e) {
        if (!p.sendAsAsked) {
            return e;
        }
        java.util.Optional<ModelId> near = catalog.suggest(p.model);
        if (near.isEmpty()) {
            return e;
        }
        ModelNotFoundException better = new ModelNotFoundException(e.detail() + " (" + p.model
                + " is not in the model catalog either; did you mean " + near.get() + "?)", e,
                e.providerId().orElse(dialect.providerId()), e.httpStatus().orElse(0), e.requestId().orElse(null),
                e.providerCode().orElse(null));
        return better;
    }

    @Override
    public CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
        Prepared p;
        List<Attempt> attempts;
        try {
            p = prepare(request);
            attempts = attempts(p, ImageListener.NONE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return start(p, attempts).handle((r, error) -> {
            if (error == null) {
                return r;
            }
            RuntimeException cause = WireResults.unwrap(error);
            throw cause instanceof ModelNotFoundException ? unknownModel(p, (ModelNotFoundException) cause) : cause;
        });
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "WireImageGenerator[" + dialect.providerId() + ", " + dialect.endpoint(ImageOperation.GENERATE,
                "model").getHost() + "]";
    }

    // ---- preparation -------------------------------------------------------------------------------

    private static final class Prepared {
        ImageRequest request;
        ModelId model;
        String wireModel;
        ModelCapabilities caps;
        final List<String> warnings = new ArrayList<>();
        boolean stream;
        OutputFormat expected;
        int perCall;
        /** The model's rules were inferred (or unknown): send every option as asked, never drop one. */
        boolean sendAsAsked;
        /** An edit whose images include a URL or file id: sent as JSON, not multipart. */
        boolean jsonEdit;
    }

    private Prepared prepare(ImageRequest request) {
        Objects.requireNonNull(request, "request");
        Prepared p = new Prepared();
        p.request = request.withDefaults(defaults);
        p.model = p.request.model().orElse(defaultModel);
        ModelCatalog.Resolution resolution = catalog.resolve(p.model);
        p.caps = dialect.narrow(p.model, resolution.capabilities());
        p.sendAsAsked = resolution.isInferred();
        p.request = p.caps.adaptShape(p.request, p.warnings::add);
        p.caps.lifecycle().check(p.model, dialect.lifecycleId(), LocalDate.now(clock)).ifPresent(p.warnings::add);
        p.warnings.addAll(dialect.validate(p.request, p.model, p.caps));
        p.warnings.addAll(catalog.validate(p.request, resolution, p.caps));
        p.warnings.addAll(dialect.notices(p.model, p.caps));
        ImageOperation op = p.request.operation();
        boolean wantsStream = p.request.partialImages().isPresent();
        OutputFormat asked = p.request.outputFormat().orElse(OutputFormat.PNG);
        boolean formatStreams = p.caps.formatRule(asked).map(ModelCapabilities.FormatRule::streaming)
                .orElse(Boolean.TRUE);
        p.stream = wantsStream && (p.caps.supportsStreaming() || p.sendAsAsked) && formatStreams
                && dialect.supportsStreaming() && op != ImageOperation.VARIATION;
        if (wantsStream && p.caps.supportsStreaming() && !dialect.supportsStreaming()) {
            p.warnings.add("partial images ignored: " + dialect.providerId() + " does not stream; the final image "
                    + "is delivered once");
        }
        p.jsonEdit = op == ImageOperation.EDIT && (p.request.images().stream().anyMatch(ImageInput::isReference)
                || p.request.mask().map(ImageInput::isReference).orElse(false)
                || p.request.markup().map(ImageInput::isReference).orElse(false));
        if (op == ImageOperation.EDIT && !p.jsonEdit && p.request.moderation().isPresent()
                && p.caps.supportsModeration()) {
            p.warnings.add("moderation " + p.request.moderation().get()
                    + " ignored: the multipart edit API has no moderation field");
        }
        p.expected = p.caps.outputFormats().isEmpty() && !p.sendAsAsked ? OutputFormat.PNG : asked;
        p.perCall = Math.max(1, dialect.maxImagesPerCall(op, p.model, p.caps));
        p.wireModel = dialect.wireModel(p.model);
        return p;
    }

    private static List<Integer> chunks(Prepared p) {
        int n = p.request.count();
        List<Integer> out = new ArrayList<>();
        while (n > 0) {
            int c = Math.min(n, p.perCall);
            out.add(c);
            n -= c;
        }
        return out;
    }

    private Map<String, Object> fields(Prepared p, ImageRequest r, boolean multipart) {
        Map<String, Object> f = new LinkedHashMap<>();
        ImageOperation op = r.operation();
        ModelCapabilities caps = p.caps;
        boolean all = p.sendAsAsked;
        if (dialect.sendsModel(op)) {
            f.put("model", p.wireModel);
        }
        r.prompt().ifPresent(v -> f.put("prompt", v));
        if (r.n().isPresent() || r.count() > 1) {
            f.put("n", r.count());
        }
        r.size().ifPresent(v -> f.put("size", v.wireValue()));
        if (all || caps.option("quality").isPresent()) {
            r.quality().ifPresent(v -> f.put("quality", v.wireValue()));
        }
        if (all || !caps.backgrounds().isEmpty()) {
            r.background().ifPresent(v -> f.put("background", v.wireValue()));
        }
        if (all || !caps.outputFormats().isEmpty()) {
            r.outputFormat().ifPresent(v -> f.put("output_format", v.wireValue()));
            boolean ignoredByFormat = caps.formatRule(p.expected)
                    .map(rule -> rule.ignored().contains("output_compression")).orElse(false);
            if (all || (p.expected.supportsCompression() && !ignoredByFormat)) {
                r.outputCompression().ifPresent(v -> f.put("output_compression", v));
            }
        }
        if ((all || caps.supportsModeration()) && !(multipart && op == ImageOperation.EDIT)) {
            r.moderation().ifPresent(v -> f.put("moderation", v.wireValue()));
        }
        if (op == ImageOperation.EDIT && (all || caps.supportsInputFidelity())) {
            r.inputFidelity().ifPresent(v -> f.put("input_fidelity", v.wireValue()));
        }
        if (all || caps.supportsStyle()) {
            r.style().ifPresent(v -> f.put("style", v.wireValue()));
        }
        if (all || !caps.complexities().isEmpty()) {
            r.complexity().ifPresent(v -> f.put("complexity", v.wireValue()));
        }
        if (caps.supportsResponseFormat()) {
            f.put("response_format", r.responseFormat().orElse(ResponseFormat.B64_JSON).wireValue());
        } else if (all) {
            r.responseFormat().ifPresent(v -> f.put("response_format", v.wireValue()));
        }
        r.user().ifPresent(v -> f.put("user", v));
        if (all || caps.supportsSafetyIdentifier()) {
            r.safetyIdentifier().ifPresent(v -> f.put("safety_identifier", v));
        }
        if (p.stream) {
            f.put("stream", true);
            f.put("partial_images", r.partialImages().orElse(0));
        }
        dialect.extraFields(r, p.model, caps, f::put);
        f.putAll(r.params());
        f.putAll(r.providerOptions(dialect.providerId()));
        return f;
    }

    private RequestBodies.Body body(Prepared p, ImageRequest r) {
        if (codec != null) {
            WireCodec.Body b = codec.encode(r, new WireCodec.Call(p.model, p.wireModel, p.caps, p.sendAsAsked));
            return new RequestBodies.Body(b.publisher(), b.contentType(), Map.of());
        }
        ImageOperation op = r.operation();
        if (op == ImageOperation.GENERATE) {
            return RequestBodies.json(fields(p, r, false), mapper);
        }
        if (p.jsonEdit) {
            Map<String, Object> f = fields(p, r, false);
            List<Map<String, String>> images = new ArrayList<>();
            r.images().forEach(i -> images.add(RequestBodies.imageRef(i)));
            f.put("images", images);
            r.mask().ifPresent(m -> f.put("mask", RequestBodies.imageRef(m)));
            r.markup().ifPresent(m -> f.put(dialect.markupField(), RequestBodies.imageRef(m)));
            return RequestBodies.json(f, mapper);
        }
        List<RequestBodies.FilePart> files = new ArrayList<>();
        if (op == ImageOperation.VARIATION) {
            files.add(new RequestBodies.FilePart("image", r.images().get(0)));
        } else {
            String name = p.caps.family().equals("dall-e") ? "image" : "image[]";
            r.images().forEach(i -> files.add(new RequestBodies.FilePart(name, i)));
            r.mask().ifPresent(m -> files.add(new RequestBodies.FilePart("mask", m)));
            r.markup().ifPresent(m -> files.add(new RequestBodies.FilePart(dialect.markupField(), m)));
        }
        return RequestBodies.multipart(fields(p, r, true), files);
    }

    // ---- sending -----------------------------------------------------------------------------------

    /** One HTTP call of a request (a split request makes several). */
    private final class Attempt implements WireTransport.Call {
        final Prepared p;
        final ImageRequest r;
        final int offset;
        final ImageListener listener;
        final RequestBodies.Body body;
        final URI uri;
        final ImageTargets targets;
        final WireResults.Part part;
        volatile WireTransport.Sending sending;

        Attempt(Prepared p, ImageRequest r, int offset, ImageListener listener) {
            this.p = p;
            this.r = r;
            this.offset = offset;
            this.listener = listener;
            this.body = body(p, r);
            this.uri = dialect.endpoint(r.operation(), p.wireModel);
            this.targets = new ImageTargets(r.sink().orElse(null), offset, p.expected);
            this.part = new WireResults.Part(p.model, p.wireModel, p.warnings, listener, offset, targets);
            request(true, UnaryOperator.identity()); // headers and auth fail here, before anything is sent
        }

        @Override
        public HttpRequest request(boolean expect, UnaryOperator<HttpRequest.BodyPublisher> track) {
            HttpRequest.Builder b = newRequest(uri, timeouts.headers(), p.stream ? "text/event-stream"
                    : "application/json", userAgent, expect)
                    .header("Content-Type", body.contentType)
                    .POST(track.apply(body.publisher));
            dialect.headers(b::setHeader);
            return b.build();
        }

        @Override
        public ImageTargets targets() {
            return targets;
        }

        @Override
        public ResponseDecoder.Body decoder(int status, java.net.http.HttpHeaders headers, String requestId,
                Base64Strings.ScratchPool pool, long maxImageBytes) {
            long length = headers.firstValueAsLong("content-length").orElse(-1);
            if (codec != null) {
                return decoder.codec(codec, targets, pool, maxImageBytes,
                        d -> new WireCodec.Answer(d, dialect.providerId(), status, requestId));
            }
            String type = headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
            return type.startsWith("text/event-stream") ? decoder.sse(targets, p.expected, offsetListener(this), pool,
                    maxImageBytes) : decoder.json(targets, length, r.count(), pool, maxImageBytes);
        }

        @Override
        public OutputFormat expected() {
            return p.expected;
        }

        @Override
        public ImageListener listener() {
            return offsetListener(this);
        }

        void send() {
            part.started();
            listener.onPhase(ImageListener.Phase.CONNECTING);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: POST {} model={} ({}) n={} stream={}", dialect.providerId(), shown(uri), p.model,
                        p.wireModel, r.count(), p.stream);
            }
            sending = transport.send(this, uri);
        }
    }

    /** Builds every attempt before sending any, so a request that cannot be sent costs nothing at all. */
    private List<Attempt> attempts(Prepared p, ImageListener listener) {
        List<Integer> chunks = chunks(p);
        List<Attempt> out = new ArrayList<>();
        int offset = 0;
        for (int count : chunks) {
            ImageRequest sub = chunks.size() == 1 ? p.request : p.request.toBuilder().n(count).build();
            out.add(new Attempt(p, sub, offset, listener));
            offset += count;
        }
        return out;
    }

    private CompletableFuture<ImageResult> start(Prepared p, List<Attempt> attempts) {
        List<CompletableFuture<ImageResult>> parts = new ArrayList<>();
        for (Attempt a : attempts) {
            try {
                a.send();
                parts.add(a.sending.outcome.thenCompose(received -> results.finish(a.part, received)));
            } catch (RuntimeException e) {
                // nothing of this call was sent (e.g. a token supplier failed); earlier calls may have been
                if (parts.isEmpty()) {
                    throw e;
                }
                parts.add(CompletableFuture.failedFuture(e));
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .handle((ignored, error) -> results.merge(p.request.count(), p.perCall, p.warnings, parts));
    }

    /** Waits for a synchronous call; an interrupt cancels it and says what the vendor may have received. */
    private ImageResult await(CompletableFuture<ImageResult> f, List<Attempt> attempts) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ImageGenerationException thrown = null;
            for (Attempt a : attempts) {
                if (a.sending == null) {
                    continue;
                }
                ImageGenerationException x = a.sending.interrupt();
                if (thrown == null || (x instanceof ResultUnknownException && !(thrown instanceof ResultUnknownException))) {
                    thrown = x;
                }
            }
            throw thrown != null ? thrown : new ImageGenerationException("interrupted before the request was sent");
        } catch (ExecutionException e) {
            throw WireResults.unwrap(e.getCause());
        }
    }

    // ---- receiving ---------------------------------------------------------------------------------

    private ImageListener offsetListener(Attempt a) {
        if (a.offset == 0) {
            return a.listener;
        }
        return new ImageListener() {
            @Override
            public void onPhase(Phase phase) {
                a.listener.onPhase(phase);
            }

            @Override
            public void onBytesReceived(long totalBytes) {
                a.listener.onBytesReceived(totalBytes);
            }

            @Override
            public void onPartialImage(PartialImage partial) {
                a.listener.onPartialImage(new PartialImage(partial.imageIndex() + a.offset, partial.partialIndex(),
                        partial.bytes(), partial.format()));
            }
        };
    }

    private static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
    }

    /**
     * Builds a {@link WireImageGenerator}. Not thread-safe; {@link #build()} validates and copies.
     */
    public static final class Builder {
        private final WireDialect dialect;
        private HttpClient httpClient;
        private Timeouts timeouts = Timeouts.DEFAULT;
        private ModelCatalog catalog = ModelCatalog.builtIn();
        private ImageRequest defaults;
        private ModelId defaultModel;
        private boolean allowInsecureHttp;
        private Boolean allowLoopbackDownloads;
        private long maxDownloadBytes = SafeDownloader.DEFAULT_MAX_BYTES;
        private long maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
        private boolean expectContinue = true;
        private Clock clock = Clock.systemUTC();

        private Builder(WireDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
        }

        /** A custom HTTP client; it should not follow redirects (auth headers must not leave the origin). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Timeouts. Default {@link Timeouts#DEFAULT}. */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** The model catalog. Default {@link ModelCatalog#builtIn()}. */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The clock that dates model lifecycles (shutdowns). Default the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Default options for every request (a {@link ImageRequest#template()}). Default none. */
        public Builder defaults(ImageRequest defaults) {
            this.defaults = defaults;
            return this;
        }

        /** The model of requests that name none. Default the catalog's {@link ModelCatalog#defaultModel()}. */
        public Builder defaultModel(ModelId defaultModel) {
            this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
            return this;
        }

        /** Allows plain http to hosts other than loopback. Default false. */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /** Allows downloading image URLs from loopback. Default: true only when the API itself is on loopback. */
        public Builder allowLoopbackDownloads(boolean allow) {
            this.allowLoopbackDownloads = allow;
            return this;
        }

        /**
         * Whether requests carry {@code Expect: 100-continue}. Default true; turn it off only for a server
         * or proxy that mishandles it (then a reset before the response cannot be told apart from one
         * after the vendor read the request, and is reported as a {@link ResultUnknownException}).
         */
        public Builder expectContinue(boolean expectContinue) {
            this.expectContinue = expectContinue;
            return this;
        }

        /**
         * The size cap of one decoded image (base64 in a JSON response or a stream event, in memory or to a
         * sink). A larger image fails the call with a {@link ResultUnknownException} (it was generated, so
         * it may have been paid for). Default {@link #DEFAULT_MAX_IMAGE_BYTES} (512 MiB).
         *
         * @throws IllegalArgumentException if {@code max} is not positive
         */
        public Builder maxImageBytes(long max) {
            this.maxImageBytes = positive(max, "max image bytes");
            return this;
        }

        /** The size cap of downloaded image URLs. Default 64 MiB. */
        public Builder maxDownloadBytes(long max) {
            this.maxDownloadBytes = positive(max, "max download bytes");
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException if the endpoint is plain http to a non-loopback host and insecure
         *                                  http was not allowed
         */
        public WireImageGenerator build() {
            URI probe = dialect.endpoint(ImageOperation.GENERATE, "model");
            boolean loopback = isLoopback(probe.getHost());
            if (!"https".equalsIgnoreCase(probe.getScheme()) && !loopback && !allowInsecureHttp) {
                throw new IllegalArgumentException("base URL " + probe.getScheme() + "://" + probe.getHost()
                        + ": https is required except for loopback hosts (allow insecure http to override)");
            }
            if (allowLoopbackDownloads == null) {
                allowLoopbackDownloads = loopback;
            }
            if (defaultModel == null) {
                defaultModel = catalog.defaultModel();
            }
            if (defaults != null && (defaults.prompt().isPresent() || !defaults.images().isEmpty())) {
                throw new IllegalArgumentException("defaults must be a template without prompt or images");
            }
            return new WireImageGenerator(this);
        }

        /** By the parsed address (127/8, ::1, or localhost resolving only there), never by spelling: 127.evil.test is not. */
        private static boolean isLoopback(String host) {
            return dev.imagegen4j.internal.NetworkRules.isLoopbackHost(host);
        }
    }
}
