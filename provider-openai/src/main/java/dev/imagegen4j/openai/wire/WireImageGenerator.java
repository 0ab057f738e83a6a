package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.Background;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.PartialImage;
import dev.imagegen4j.Quality;
import dev.imagegen4j.ResponseFormat;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.Usage;
import dev.imagegen4j.internal.AsyncSupport;
import dev.imagegen4j.internal.SafeDownloader;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * response as it arrives (base64 straight into a right-sized array or the request's sink); maps errors.
 * It never retries: retries and failover belong to the routing decorators above it.
 *
 * <p>Timeouts (see {@link Timeouts}): connect, time to headers, and a body idle watchdog. A failure to
 * connect, or before the request body was fully handed over, is a {@link RetryableException} (the
 * vendor cannot have received it); a timeout or reset afterwards, or a truncated or malformed success
 * body, is a {@link ResultUnknownException} (it may have been generated and paid for). Requests carry
 * {@code Expect: 100-continue} by default, so the body is sent only once the server has accepted the
 * headers: a connection the server drops before that point provably sent nothing, and a large upload
 * is not sent to a server that rejects it.
 *
 * <p>Thread-safe; create one per configuration and share it.
 */
public final class WireImageGenerator implements ImageGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(WireImageGenerator.class);
    private static final int MAX_ERROR_BODY = 1 << 20;

    private final WireDialect dialect;
    private final HttpClient http;
    private final Timeouts timeouts;
    private final ModelCatalog catalog;
    private final ImageRequest defaults;
    private final ModelId defaultModel;
    private final ObjectMapper mapper;
    private final ResponseDecoder decoder;
    private final ErrorMapper errors;
    private final IdleWatchdog watchdog;
    private final SafeDownloader downloader;
    private final String userAgent;
    private final boolean expectContinue;
    private final Clock clock;

    private WireImageGenerator(Builder b) {
        this.expectContinue = b.expectContinue;
        this.clock = b.clock;
        this.dialect = b.dialect;
        this.timeouts = b.timeouts;
        this.http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                .connectTimeout(b.timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.catalog = b.catalog;
        this.defaults = b.defaults;
        this.defaultModel = b.defaultModel;
        this.mapper = new ObjectMapper();
        // Image data never becomes a String (see ResponseDecoder); this only bounds the small fields.
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(StreamReadConstraints.DEFAULT_MAX_STRING_LEN).build());
        this.decoder = new ResponseDecoder(mapper);
        // asked per message: a dialect's secrets may change (e.g. a refreshed Entra ID token)
        UnaryOperator<String> redactor = s -> {
            String out = s;
            for (String secret : dialect.secretsToRedact()) {
                if (secret != null && !secret.isEmpty()) {
                    out = out.replace(secret, "***");
                }
            }
            return out;
        };
        this.errors = new ErrorMapper(dialect.requestIdHeaders(), redactor);
        this.watchdog = new IdleWatchdog(b.timeouts.bodyIdle());
        HttpClient downloadClient = HttpClient.newBuilder().connectTimeout(b.timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.downloader = new SafeDownloader(downloadClient, b.allowLoopbackDownloads, b.maxDownloadBytes,
                b.timeouts.headers());
        this.userAgent = "imagegen4j/" + version() + " java/" + System.getProperty("java.version");
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
    public ImageResult generate(ImageRequest request, ImageListener listener) {
        Objects.requireNonNull(listener, "listener");
        Prepared p = prepare(request);
        List<Integer> chunks = chunks(p);
        if (chunks.size() == 1) {
            return call(p, p.request, 0, listener);
        }
        List<CompletableFuture<ImageResult>> futures = new ArrayList<>();
        int offset = 0;
        for (int count : chunks) {
            ImageRequest sub = p.request.toBuilder().n(count).build();
            int off = offset;
            futures.add(CompletableFuture.supplyAsync(() -> call(p, sub, off, listener), AsyncSupport.executor()));
            offset += count;
        }
        return merge(p, chunks, futures);
    }

    @Override
    public CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
        Prepared p;
        try {
            p = prepare(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (chunks(p).size() > 1) {
            return AsyncSupport.supply(() -> generate(request));
        }
        return callAsync(p, p.request, 0, ImageListener.NONE);
    }

    @Override
    public void close() {
        watchdog.close();
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
        p.caps.lifecycle().check(p.model, dialect.providerId(), LocalDate.now(clock)).ifPresent(p.warnings::add);
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

    private final class Attempt {
        final Prepared p;
        final ImageRequest r;
        final int offset;
        final ImageListener listener;
        final TrackingPublisher tracker;
        final HttpRequest request;
        final long start = System.nanoTime();

        Attempt(Prepared p, ImageRequest r, int offset, ImageListener listener) {
            this.p = p;
            this.r = r;
            this.offset = offset;
            this.listener = listener;
            RequestBodies.Body body = body(p, r);
            this.tracker = new TrackingPublisher(body.publisher, () -> listener.onPhase(ImageListener.Phase.WAITING));
            URI uri = dialect.endpoint(r.operation(), p.wireModel);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(timeouts.headers())
                    .header("Content-Type", body.contentType)
                    .header("Accept", p.stream ? "text/event-stream" : "application/json")
                    .header("User-Agent", userAgent)
                    .expectContinue(expectContinue)
                    .POST(tracker);
            dialect.headers(b::setHeader);
            this.request = b.build();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: POST {} model={} ({}) n={} stream={}", dialect.providerId(), shown(uri), p.model,
                        p.wireModel, r.count(), p.stream);
            }
        }
    }

    private ImageResult call(Prepared p, ImageRequest r, int offset, ImageListener listener) {
        listener.onPhase(ImageListener.Phase.CONNECTING);
        Attempt a = new Attempt(p, r, offset, listener);
        HttpResponse<InputStream> response;
        try {
            response = http.send(a.request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw sendFailure(a, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(a);
        }
        return handle(a, response);
    }

    private CompletableFuture<ImageResult> callAsync(Prepared p, ImageRequest r, int offset, ImageListener listener) {
        Attempt a;
        try {
            a = new Attempt(p, r, offset, listener);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(a.request, HttpResponse.BodyHandlers.ofInputStream())
                .handleAsync((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof IOException) {
                            throw sendFailure(a, (IOException) cause);
                        }
                        if (cause instanceof RuntimeException) {
                            throw (RuntimeException) cause;
                        }
                        throw new ImageGenerationException(cause.toString());
                    }
                    return handle(a, response);
                }, AsyncSupport.decodingExecutor());
    }

    private ImageGenerationException sendFailure(Attempt a, IOException e) {
        String provider = dialect.providerId();
        String host = a.request.uri().getHost() + (a.request.uri().getPort() > 0 ? ":" + a.request.uri().getPort() : "");
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException
                || e.getCause() instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
            return new RetryableException("cannot connect to " + host + ": " + describe(e), e, provider, 0, null, null);
        }
        if (e instanceof HttpTimeoutException) {
            return new ResultUnknownException("no response headers within " + timeouts.headers()
                    + " (headers timeout); the image may have been generated and paid for", e, provider, 0, null);
        }
        if (!a.tracker.completed()) {
            return new RetryableException("connection to " + host + " failed before the request was sent: "
                    + describe(e), e, provider, 0, null, null);
        }
        return new ResultUnknownException("connection to " + host + " failed after the request was sent ("
                + describe(e) + "); the image may have been generated and paid for", e, provider, 0, null);
    }

    private ImageGenerationException interrupted(Attempt a) {
        if (a.tracker.completed()) {
            return new ResultUnknownException("interrupted after the request was sent", null, dialect.providerId(), 0,
                    null);
        }
        return new ImageGenerationException("interrupted before the request was sent", null, dialect.providerId(),
                0, null, null);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    // ---- receiving ---------------------------------------------------------------------------------

    private ImageResult handle(Attempt a, HttpResponse<InputStream> response) {
        int status = response.statusCode();
        HttpHeaders headers = response.headers();
        String requestId = errors.requestId(headers);
        a.listener.onPhase(ImageListener.Phase.RECEIVING);
        IdleWatchdog.Watched body = watchdog.watch(response.body(), a.listener::onBytesReceived);
        ResponseDecoder.Decoded d;
        try (body) {
            if (status < 200 || status >= 300) {
                byte[] error = body.readNBytes(MAX_ERROR_BODY);
                ImageGenerationException mapped = errors.map(dialect.providerId(), status, headers, error);
                LOG.debug("{}: HTTP {} request id {}: {}", dialect.providerId(), status, requestId,
                        mapped.getClass().getSimpleName());
                throw mapped;
            }
            ImageTargets targets = new ImageTargets(a.r.sink().orElse(null), a.offset, a.p.expected);
            String contentType = headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
            if (contentType.startsWith("text/event-stream")) {
                d = decoder.decodeSse(body, targets, a.p.expected, offsetListener(a));
            } else {
                d = decoder.decodeJson(body, headers.firstValueAsLong("content-length").orElse(-1), targets);
            }
            downloadUrls(a, d, targets, requestId);
        } catch (ResponseDecoder.StreamError e) {
            throw errors.map(dialect.providerId(), 0, headers, e.body);
        } catch (IOException e) {
            throw bodyFailure(a, body, requestId, e);
        }
        if (d.images.isEmpty()) {
            throw new ResultUnknownException("the response has no images", null, dialect.providerId(), status,
                    requestId);
        }
        return result(a, d, headers, requestId);
    }

    private ImageListener offsetListener(Attempt a) {
        if (a.offset == 0) {
            return a.listener;
        }
        return new ImageListener() {
            @Override
            public void onPartialImage(PartialImage partial) {
                a.listener.onPartialImage(new PartialImage(partial.imageIndex() + a.offset, partial.partialIndex(),
                        partial.bytes(), partial.format()));
            }
        };
    }

    private ImageGenerationException bodyFailure(Attempt a, IdleWatchdog.Watched body, String requestId,
            IOException e) {
        String provider = dialect.providerId();
        if (body.stalled()) {
            return new ResultUnknownException("response body stalled: no bytes for " + timeouts.bodyIdle()
                    + " (body idle timeout) after " + body.total() + " bytes", e, provider, 200, requestId);
        }
        if (e instanceof JsonProcessingException) {
            return new ResultUnknownException("malformed response body after " + body.total() + " bytes: "
                    + ((JsonProcessingException) e).getOriginalMessage(), e, provider, 200, requestId);
        }
        return new ResultUnknownException("response body truncated or unreadable after " + body.total() + " bytes: "
                + describe(e), e, provider, 200, requestId);
    }

    private void downloadUrls(Attempt a, ResponseDecoder.Decoded d, ImageTargets targets, String requestId)
            throws IOException {
        for (Map.Entry<Integer, String> e : d.pendingUrls.entrySet()) {
            int i = e.getKey();
            ImageTargets.Target target = targets.open(i, -1);
            try {
                downloader.download(URI.create(e.getValue()), target);
                GeneratedImage.Builder downloaded = target.finish();
                GeneratedImage.Builder described = d.images.get(i);
                GeneratedImage prior = described.format(OutputFormat.PNG).build();
                downloaded.url(prior.url().orElse(null)).revisedPrompt(prior.revisedPrompt().orElse(null));
                prior.metadata().forEach(downloaded::metadata);
                d.images.set(i, downloaded);
            } catch (SafeDownloader.DownloadException ex) {
                target.abort();
                throw new ResultUnknownException("image " + (i + a.offset) + " was generated but not downloaded: "
                        + ex.getMessage(), ex, dialect.providerId(), 200, requestId);
            } catch (InterruptedException ex) {
                target.abort();
                Thread.currentThread().interrupt();
                throw new ResultUnknownException("interrupted while downloading image " + (i + a.offset), ex,
                        dialect.providerId(), 200, requestId);
            } catch (IOException | RuntimeException ex) {
                target.abort();
                throw ex;
            }
        }
    }

    private ImageResult result(Attempt a, ResponseDecoder.Decoded d, HttpHeaders headers, String requestId) {
        ImageResult.Builder b = ImageResult.builder()
                .providerId(dialect.providerId())
                .model(a.p.model)
                .wireModel(a.p.wireModel)
                .requestId(requestId)
                .usage(d.usage)
                .latency(Duration.ofNanos(System.nanoTime() - a.start))
                .addWarnings(a.p.warnings);
        for (GeneratedImage.Builder ib : d.images) {
            GeneratedImage image = ib.build();
            b.addImage(image);
            a.listener.onImage(image);
        }
        if (d.created != null) {
            b.created(Instant.ofEpochSecond(d.created));
        }
        echo(d.size, s -> b.size(ImageSize.parse(s)));
        echo(d.quality, s -> b.quality(Quality.of(s)));
        echo(d.background, s -> b.background(Background.of(s)));
        echo(d.outputFormat, s -> b.outputFormat(OutputFormat.of(s)));
        Map<String, Object> rate = HeaderValues.rateLimits(headers);
        if (!rate.isEmpty()) {
            b.providerMetadata("rate-limits", rate);
        }
        for (String h : List.of("openai-processing-ms", "openai-version", "x-ms-region")) {
            headers.firstValue(h).ifPresent(v -> b.providerMetadata(h, v));
        }
        dialect.postProcess(b, d.extras);
        a.listener.onPhase(ImageListener.Phase.DONE);
        ImageResult result = b.build();
        LOG.debug("{}: {} image(s) in {} ms, request id {}", dialect.providerId(), result.images().size(),
                result.latency().toMillis(), requestId);
        return result;
    }

    private static void echo(String value, java.util.function.Consumer<String> setter) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException ignored) {
            // an echoed value we do not know is not worth failing a paid-for result over
        }
    }

    private ImageResult merge(Prepared p, List<Integer> chunks, List<CompletableFuture<ImageResult>> futures) {
        List<ImageResult> ok = new ArrayList<>();
        List<RuntimeException> failed = new ArrayList<>();
        for (CompletableFuture<ImageResult> f : futures) {
            try {
                ok.add(f.join());
            } catch (CompletionException e) {
                failed.add(e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                        : new ImageGenerationException(String.valueOf(e.getCause())));
            }
        }
        if (ok.isEmpty()) {
            RuntimeException first = failed.get(0);
            failed.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        ImageResult base = ok.get(0);
        ImageResult.Builder b = base.toBuilder();
        List<GeneratedImage> images = new ArrayList<>();
        Usage usage = null;
        Duration latency = Duration.ZERO;
        for (ImageResult r : ok) {
            images.addAll(r.images());
            if (r.usage().isPresent()) {
                usage = usage == null ? r.usage().get() : usage.plus(r.usage().get());
            }
            latency = r.latency().compareTo(latency) > 0 ? r.latency() : latency;
        }
        images.sort(Comparator.comparingInt(GeneratedImage::index));
        b.images(images).usage(usage).latency(latency);
        b.cost(null);
        ok.stream().map(ImageResult::cost).flatMap(java.util.Optional::stream)
                .reduce(dev.imagegen4j.Cost::plus).ifPresent(b::cost);
        b.addWarning("n=" + p.request.count() + ": " + dialect.providerId() + " returns at most " + p.perCall
                + " image(s) per call, so " + chunks.size() + " calls were made in parallel and merged");
        for (RuntimeException e : failed) {
            b.addWarning("one of the parallel calls failed, so fewer images came back: " + e.getMessage());
        }
        dialect.merge(b, List.copyOf(ok));
        return b.build();
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

        /** The size cap of downloaded image URLs. Default 64 MiB. */
        public Builder maxDownloadBytes(long max) {
            if (max <= 0) {
                throw new IllegalArgumentException("max download bytes must be positive: " + max);
            }
            this.maxDownloadBytes = max;
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
