package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.internal.SafeDownloader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The wire client without the OpenAI Images protocol: JSON requests to any service (job queues, chat completions),
 * on the same transport as {@link WireImageGenerator}: the same clocks ({@link Timeouts}: connect, headers, body
 * idle, deadline, {@code Expect: 100-continue} wait), the same classification of failures by what the service may
 * have received (a failure after a request was sent is a {@link dev.imagegen4j.ResultUnknownException}), the same
 * error mapping ({@link ErrorMapper}, secrets redacted), push decoding of the answer as it arrives (image strings
 * named by {@link Request#images} go straight into the sink or a right-sized array, never into a {@code String}),
 * and {@link SafeDownloader} for image URLs. Services with their own protocol (Replicate, fal, OpenRouter) build
 * on this instead of on {@link WireDialect}.
 *
 * <p>Thread-safe; one per generator. Never retries: a caller that polls a job decides what to send again.
 */
public final class WireClient implements AutoCloseable {

    private final String providerId;
    private final WireTransport transport;
    private final ResponseDecoder decoder;
    private final ObjectMapper mapper;
    private final SafeDownloader downloader;
    private final Timeouts timeouts;
    private final String userAgent = WireImageGenerator.userAgent();

    private WireClient(Builder b) {
        this.providerId = b.providerId;
        this.timeouts = b.timeouts;
        HttpClient http = b.httpClient != null ? b.httpClient : WireImageGenerator.defaultClient(b.timeouts);
        this.mapper = new ObjectMapper();
        this.mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(StreamReadConstraints.DEFAULT_MAX_STRING_LEN).build());
        this.decoder = new ResponseDecoder(mapper);
        UnaryOperator<String> redactor = WireImageGenerator.redactor(b.secrets);
        this.transport = new WireTransport(providerId, http, b.timeouts, new ErrorMapper(b.requestIdHeaders, redactor),
                b.maxImageBytes, b.expectContinue);
        this.downloader = SafeDownloader.builder().allowLoopback(b.allowLoopbackDownloads).maxBytes(b.maxDownloadBytes)
                .connectTimeout(b.timeouts.connect()).idleTimeout(b.timeouts.bodyIdle()).build();
    }

    /** A builder for a client of {@code providerId} (named in every exception it raises). */
    public static Builder builder(String providerId) {
        return new Builder(providerId);
    }

    /** The provider id. */
    public String providerId() {
        return providerId;
    }

    /** The clocks of each call. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** The JSON mapper of this client (for building bodies and reading answers). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Sends {@code request}, whose answer is a JSON document without images. */
    public Pending send(Request request) {
        return send(request, ImageListener.NONE, null, 0, OutputFormat.PNG);
    }

    /**
     * Sends {@code request}. A 2xx answer is decoded as it arrives: the strings {@link Request#images} names go to
     * {@code sink} (memory when null) as images {@code indexOffset}, {@code indexOffset + 1}, ...; the rest is the
     * answer's {@link Answer#json()}. Any other answer fails the future with the mapped exception.
     *
     * @param listener   told of the phases and of received bytes
     * @param expected   the format assumed for image bytes whose magic bytes are not recognised
     */
    public Pending send(Request request, ImageListener listener, ImageSink sink, int indexOffset,
            OutputFormat expected) {
        Objects.requireNonNull(request, "request");
        Call call = new Call(request, Objects.requireNonNull(listener, "listener"),
                new ImageTargets(sink, indexOffset, expected), expected);
        call.request(false, UnaryOperator.identity()); // headers fail here, before anything is sent
        WireTransport.Sending sending = transport.send(call, request.uri);
        CompletableFuture<Answer> answer = sending.outcome.thenApply(r -> new Answer(r.status, r.headers,
                r.requestId, r.decoded.document, build(r.decoded.images)));
        return new Pending(sending, answer);
    }

    private static List<GeneratedImage> build(List<GeneratedImage.Builder> images) {
        List<GeneratedImage> out = new ArrayList<>();
        images.forEach(b -> out.add(b.build()));
        return out;
    }

    /**
     * Downloads a generated image's URL under the URL rules ({@link SafeDownloader}) into {@code sink} (memory when
     * null) as image {@code index}. Blocks.
     *
     * @throws dev.imagegen4j.ResultUnknownException for any failure: the image was generated, so it may have been
     *                                               paid for ({@code requestId} names the job in the message)
     */
    public GeneratedImage download(URI url, ImageSink sink, int index, OutputFormat expected, String requestId) {
        ImageTargets targets = new ImageTargets(sink, 0, expected);
        return WireResults.download(downloader, providerId, url, targets.open(index, -1), index, 0, requestId)
                .url(url).build();
    }

    /**
     * Merges the results of a request split into parallel calls: what arrived is returned, failed calls are listed
     * in {@link ImageResult#failures()} with a warning (never thrown while another call's images exist, never
     * retried); when every call failed, the exception that says whether anything may have been paid. The same rule
     * as {@link WireImageGenerator}'s split requests.
     *
     * @param extra combines provider metadata of the successful parts into the merged result
     */
    public static ImageResult merge(String providerId, int requested, int perCall, List<String> commonWarnings,
            List<CompletableFuture<ImageResult>> parts, BiConsumer<ImageResult.Builder, List<ImageResult>> extra) {
        return WireResults.merge(providerId, requested, perCall, commonWarnings, parts, extra);
    }

    /**
     * A reference image as the services here take it in JSON: its URL, or for an image held here (a file, bytes) a
     * base64 {@code data:} URL.
     *
     * @throws dev.imagegen4j.InvalidRequestException if the image is too large for a data URL, or is a file id
     */
    public static String dataUrl(dev.imagegen4j.ImageInput image) {
        Map<String, String> ref = RequestBodies.imageRef(image);
        String url = ref.get("image_url");
        if (url == null) {
            throw new dev.imagegen4j.InvalidRequestException("image", "image '" + image.fileName() + "' is a file id, "
                    + "which only OpenAI reads: give the file or a URL");
        }
        return url;
    }

    /** The exception a caller should see for a failed future: unwrapped from {@code CompletionException}s. */
    public static RuntimeException unwrap(Throwable t) {
        return WireResults.unwrap(t);
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "WireClient[" + providerId + "]";
    }

    /** A call in flight. Thread-safe. */
    public static final class Pending {
        private final WireTransport.Sending sending;
        private final CompletableFuture<Answer> answer;

        private Pending(WireTransport.Sending sending, CompletableFuture<Answer> answer) {
            this.sending = sending;
            this.answer = answer;
        }

        /** The answer, or the mapped exception. */
        public CompletableFuture<Answer> answer() {
            return answer;
        }

        /**
         * Waits for the answer. An interrupt cancels the call, keeps the thread's interrupt flag, and throws what the
         * service may have received ({@link dev.imagegen4j.ResultUnknownException} once the request was sent).
         *
         * @throws ImageGenerationException the mapped failure
         */
        public Answer await() {
            try {
                return answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw sending.interrupt();
            } catch (ExecutionException e) {
                throw WireResults.unwrap(e.getCause());
            }
        }

        /** Cancels the call; returns what the service may have received. */
        public ImageGenerationException interrupt() {
            return sending.interrupt();
        }
    }

    /** A successful answer. Immutable. */
    public static final class Answer {
        private final int status;
        private final HttpHeaders headers;
        private final String requestId;
        private final JsonNode json;
        private final List<GeneratedImage> images;

        Answer(int status, HttpHeaders headers, String requestId, JsonNode json, List<GeneratedImage> images) {
            this.status = status;
            this.headers = headers;
            this.requestId = requestId;
            this.json = json;
            this.images = List.copyOf(images);
        }

        /** The HTTP status (2xx). */
        public int status() {
            return status;
        }

        /** The response headers. */
        public HttpHeaders headers() {
            return headers;
        }

        /** The request id from the configured headers, if any. */
        public Optional<String> requestId() {
            return Optional.ofNullable(requestId);
        }

        /** The JSON document, with each image string replaced by {@code ""} (a data URL by its header). */
        public JsonNode json() {
            return json;
        }

        /** The images the document carried, in document order (with {@link Request#images}). */
        public List<GeneratedImage> images() {
            return images;
        }
    }

    /** One request: method, URL, headers, an optional JSON body, and which strings of the answer are images. */
    public static final class Request {
        private static final ObjectMapper JSON = new ObjectMapper();

        final String method;
        final URI uri;
        final Map<String, String> headers;
        final byte[] body;
        final Duration timeout;
        final WireCodec.ImageStrings images;

        private Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                WireCodec.ImageStrings images) {
            this.method = method;
            this.uri = Objects.requireNonNull(uri, "uri");
            this.headers = Map.copyOf(headers);
            this.body = body;
            this.timeout = timeout;
            this.images = images;
        }

        /** A {@code GET}. */
        public static Request get(URI uri) {
            return new Request("GET", uri, Map.of(), null, null, null);
        }

        /** A {@code POST} of {@code json} (a map, list or tree), serialized now. */
        public static Request post(URI uri, Object json) {
            return new Request("POST", uri, Map.of(), bytes(json), null, null);
        }

        /** A {@code PUT} of {@code json}; null for an empty body. */
        public static Request put(URI uri, Object json) {
            return new Request("PUT", uri, Map.of(), json == null ? new byte[0] : bytes(json), null, null);
        }

        private static byte[] bytes(Object json) {
            try {
                return JSON.writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A copy that also sends header {@code name} (replacing one of the same name). */
        public Request header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Request(method, uri, h, body, timeout, images);
        }

        /** A copy whose answer must start within {@code timeout}. Default: the headers timeout of the client. */
        public Request timeout(Duration timeout) {
            return new Request(method, uri, headers, body, Objects.requireNonNull(timeout, "timeout"), images);
        }

        /**
         * A copy whose answer carries images: the strings {@code images} selects, in document order (with
         * {@link WireCodec.ImageStrings#dataUrlsIn}, only base64 {@code data:} URLs are images; other strings stay
         * text in {@link Answer#json()}).
         */
        public Request images(WireCodec.ImageStrings images) {
            return new Request(method, uri, headers, body, timeout, Objects.requireNonNull(images, "images"));
        }

        /**
         * This request as a dry run shows it ({@link dev.imagegen4j.ImageGenerator#dryRun}): headers with
         * credentials masked (authentication headers entirely, any other occurrence of {@code secrets}), the JSON
         * body pretty-printed with long strings (base64, data URLs) shortened.
         *
         * @param provider the provider, as the dry run names it
         */
        public dev.imagegen4j.DryRun.Request describe(String provider, List<String> secrets) {
            Map<String, String> shown = new java.util.TreeMap<>();
            java.util.Set<String> hidden = new java.util.HashSet<>(secrets);
            shown.put("Accept", "application/json");
            if (body != null && body.length > 0) {
                shown.put("Content-Type", "application/json");
            }
            headers.forEach((name, value) -> shown.put(name, DryRuns.masked(name, value, hidden)));
            String text = body == null || body.length == 0 ? ""
                    : DryRuns.published(HttpRequest.BodyPublishers.ofByteArray(body), JSON);
            return new dev.imagegen4j.DryRun.Request(provider, method, uri, shown, text);
        }

        /** The method. */
        public String method() {
            return method;
        }

        /** The URL. */
        public URI uri() {
            return uri;
        }

        @Override
        public String toString() {
            return method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort()
                    : "") + uri.getPath();
        }
    }

    private final class Call implements WireTransport.Call {
        final Request r;
        final ImageListener listener;
        final ImageTargets targets;
        final OutputFormat expected;

        Call(Request r, ImageListener listener, ImageTargets targets, OutputFormat expected) {
            this.r = r;
            this.listener = listener;
            this.targets = targets;
            this.expected = expected;
        }

        @Override
        public HttpRequest request(boolean expect, UnaryOperator<HttpRequest.BodyPublisher> track) {
            HttpRequest.BodyPublisher publisher = r.body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(r.body);
            HttpRequest.Builder b = WireImageGenerator.newRequest(r.uri, r.timeout != null ? r.timeout
                    : timeouts.headers(), "application/json", userAgent, expect)
                    .method(r.method, track.apply(publisher));
            if (r.body != null) {
                b.header("Content-Type", "application/json");
            }
            r.headers.forEach(b::setHeader);
            return b.build();
        }

        @Override
        public ImageTargets targets() {
            return targets;
        }

        @Override
        public OutputFormat expected() {
            return expected;
        }

        @Override
        public ImageListener listener() {
            return listener;
        }

        @Override
        public ResponseDecoder.Body decoder(int status, java.net.http.HttpHeaders headers, String requestId,
                Base64Strings.ScratchPool pool, long maxImage) {
            return decoder.document(r.images, targets, pool, maxImage);
        }

        @Override
        public boolean requiresImages() {
            return false;
        }

        @Override
        public boolean hasBody() {
            return r.body != null && r.body.length > 0;
        }
    }

    /** Builds a {@link WireClient}. Not thread-safe. */
    public static final class Builder {
        private final String providerId;
        private HttpClient httpClient;
        private Timeouts timeouts = Timeouts.DEFAULT;
        private Supplier<List<String>> secrets = List::of;
        private List<String> requestIdHeaders = List.of("x-request-id");
        private long maxImageBytes = WireImageGenerator.DEFAULT_MAX_IMAGE_BYTES;
        private long maxDownloadBytes = SafeDownloader.DEFAULT_MAX_BYTES;
        private boolean expectContinue = true;
        private boolean allowLoopbackDownloads;

        private Builder(String providerId) {
            if (providerId == null || providerId.isBlank()) {
                throw new IllegalArgumentException("provider id must not be blank");
            }
            this.providerId = providerId;
        }

        /** A custom HTTP client; it must not follow redirects. Default: HTTP/1.1, no redirects. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** The clocks. Default {@link Timeouts#DEFAULT}. */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** The secrets redacted from error messages, asked per message. Default none. */
        public Builder secrets(Supplier<List<String>> secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            return this;
        }

        /** The headers carrying the request id, in order of preference. Default {@code x-request-id}. */
        public Builder requestIdHeaders(List<String> headers) {
            this.requestIdHeaders = List.copyOf(headers);
            return this;
        }

        /** The size cap of one decoded image. Default 512 MiB. */
        public Builder maxImageBytes(long max) {
            this.maxImageBytes = WireImageGenerator.positive(max, "max image bytes");
            return this;
        }

        /** The size cap of a downloaded image URL. Default 64 MiB. */
        public Builder maxDownloadBytes(long max) {
            this.maxDownloadBytes = WireImageGenerator.positive(max, "max download bytes");
            return this;
        }

        /** Whether requests with a body carry {@code Expect: 100-continue}. Default true. */
        public Builder expectContinue(boolean expectContinue) {
            this.expectContinue = expectContinue;
            return this;
        }

        /** Whether image URLs on loopback may be downloaded (tests against a local emulator). Default false. */
        public Builder allowLoopbackDownloads(boolean allow) {
            this.allowLoopbackDownloads = allow;
            return this;
        }

        /** The client. */
        public WireClient build() {
            return new WireClient(this);
        }
    }
}
