package dev.imagegen4j.gateways;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.Cost;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.DryRun;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.PartialImage;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.Secret;
import dev.imagegen4j.Usage;
import dev.imagegen4j.internal.AsyncSupport;
import dev.imagegen4j.openai.wire.WireClient;
import dev.imagegen4j.openai.wire.WireCodec;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * OpenRouter ({@code https://openrouter.ai/api/v1}) as an {@link ImageGenerator}: images from
 * {@code POST /chat/completions} with {@code modalities: ["image", "text"]}.
 *
 * <pre>{@code
 * ImageGenerator openrouter = OpenRouterImageGenerator.builder()
 *     .apiKey(System.getenv("OPENROUTER_API_KEY"))
 *     .build();
 * openrouter.generate(ImageRequest.builder().prompt("a corgi").model(ModelId.GPT_IMAGE_2_5_SUNBURST).build());
 * }</pre>
 *
 * <p><b>On the wire.</b> The prompt and reference images (as data URLs, or the URLs given) are the user message's
 * {@code text} and {@code image_url} parts; the other options go where {@code hosts.yaml} says
 * ({@code image_config.aspect_ratio}, {@code image_config.image_size}); model ids likewise
 * ({@code openai/gpt-image-2.5-sunburst}, {@code google/gemini-3.1-flash-image}). Images arrive as base64 data URLs
 * in {@code choices[].message.images[].image_url.url} and are decoded as the answer arrives, straight into the
 * request's sink or a right-sized array (never a {@code String}). One image per call: {@code n > 1} becomes parallel
 * calls whose images, usage and cost are merged (a warning says so; a failed call is listed in
 * {@link ImageResult#failures()}, never retried). {@code usage} becomes the result's usage, {@code usage.cost} the
 * reported cost, the assistant's text the provider metadata {@code text}. {@code Authorization: Bearer}; optional
 * {@code HTTP-Referer} and {@code X-Title} ({@link Builder#appUrl}, {@link Builder#appName}).
 *
 * <p>An answer without an image (the model only wrote text) may still be billed: it is a
 * {@link ResultUnknownException} with the text; {@code finish_reason: content_filter} is a
 * {@link ContentPolicyException}. Thread-safe; share one instance.
 */
public final class OpenRouterImageGenerator implements ImageGenerator {

    /** {@code https://openrouter.ai/api/v1}. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://openrouter.ai/api/v1");

    private static final Set<String> IN_MESSAGE = Set.of("prompt", "images");

    private final HostCalls calls;
    private final WireClient client;
    private final URI base;
    private final Secret key;
    private final String appUrl;
    private final String appName;

    private OpenRouterImageGenerator(Builder b, URI base) {
        this.base = base;
        this.key = b.apiKey;
        this.appUrl = b.appUrl;
        this.appName = b.appName;
        this.calls = b.calls("openrouter", true);
        this.client = b.client("openrouter", base, List.of("x-request-id", "x-generation-id"));
    }

    /** A builder. An API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String providerId() {
        return "openrouter";
    }

    @Override
    public ModelCapabilities capabilities(ModelId model) {
        return calls.capabilities(model);
    }

    @Override
    public ImageResult generate(ImageRequest request, ImageListener listener) {
        Objects.requireNonNull(listener, "listener");
        HostCalls.Prepared p = calls.prepare(Objects.requireNonNull(request, "request"));
        p.warnings.addAll(calls.unmapped(p));
        int n = p.request.count();
        if (n <= p.perCall) {
            return call(p, p.request, 0, listener);
        }
        List<CompletableFuture<ImageResult>> parts = new ArrayList<>();
        int offset = 0;
        while (offset < n) {
            int count = Math.min(p.perCall, n - offset);
            ImageRequest sub = p.request.toBuilder().n(count).build();
            int at = offset;
            parts.add(AsyncSupport.supply(() -> call(p, sub, at, offsetListener(listener, at))));
            offset += count;
        }
        CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).handle((r, e) -> null).join();
        return WireClient.merge("openrouter", n, p.perCall, p.warnings, parts, (merged, ok) -> { });
    }

    @Override
    public CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
        return JobGeneratorCore.async(() -> generate(request, ImageListener.NONE));
    }

    @Override
    public List<String> check(ImageRequest request) {
        HostCalls.Prepared p = calls.prepare(Objects.requireNonNull(request, "request"));
        p.warnings.addAll(calls.unmapped(p));
        return List.copyOf(p.warnings);
    }

    @Override
    public DryRun dryRun(ImageRequest request) {
        HostCalls.Prepared p = calls.prepare(Objects.requireNonNull(request, "request"));
        p.warnings.addAll(calls.unmapped(p));
        int n = p.request.count();
        List<DryRun.Request> requests = new ArrayList<>();
        for (int offset = 0; offset < n; offset += p.perCall) {
            ImageRequest sub = p.request.toBuilder().n(Math.min(p.perCall, n - offset)).build();
            requests.add(request(p, sub).describe(providerId(), List.of()));
        }
        List<String> notes = requests.size() > 1 ? List.of("openrouter returns one image per call: " + requests.size()
                + " calls would be made in parallel") : List.of();
        return new DryRun(requests, p.warnings, calls.catalog.prices().estimate(p.model, Usage.estimate(p.request, p.caps)),
                notes);
    }

    private ImageResult call(HostCalls.Prepared p, ImageRequest r, int offset, ImageListener listener) {
        WireClient.Request req = request(p, r);
        long start = System.nanoTime();
        listener.onPhase(ImageListener.Phase.CONNECTING);
        WireClient.Answer a = client.send(req, listener, r.sink().orElse(null), offset, p.expected).await();
        return result(p, a, listener, start);
    }

    /** The chat completion that asks for {@code r}'s images. */
    private WireClient.Request request(HostCalls.Prepared p, ImageRequest r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", p.wireModel);
        List<Map<String, Object>> content = new ArrayList<>();
        r.prompt().ifPresent(t -> content.add(Map.of("type", "text", "text", t)));
        for (String ref : HostCalls.references(r.images())) {
            content.add(Map.of("type", "image_url", "image_url", Map.of("url", ref)));
        }
        body.put("messages", List.of(Map.of("role", "user", "content", content)));
        body.put("modalities", List.of("image", "text"));
        Map<String, Object> inputs = calls.inputs(p, r, IN_MESSAGE);
        inputs.remove("n");
        body.putAll(inputs);
        WireClient.Request req = WireClient.Request.post(URI.create(base + "/chat/completions"), body)
                .header("Authorization", "Bearer " + key.reveal())
                .images(WireCodec.ImageStrings.dataUrlsIn("url", "image_url"));
        if (appUrl != null) {
            req = req.header("HTTP-Referer", appUrl);
        }
        if (appName != null) {
            req = req.header("X-Title", appName);
        }
        return req;
    }

    private ImageResult result(HostCalls.Prepared p, WireClient.Answer a, ImageListener listener, long start) {
        JsonNode doc = a.json();
        String id = doc.path("id").asText(a.requestId().orElse(null));
        JsonNode choice = doc.path("choices").path(0);
        String text = choice.path("message").path("content").asText("");
        if (doc.has("error")) {
            throw new ResultUnknownException("the answer reports an error instead of an image ("
                    + doc.path("error").path("message").asText(doc.path("error").toString()) + "); it may have been "
                    + "billed", null, "openrouter", a.status(), id);
        }
        if ("content_filter".equals(choice.path("finish_reason").asText())) {
            throw new ContentPolicyException("the model refused the prompt (finish_reason content_filter)"
                    + (text.isBlank() ? "" : ": " + text), "openrouter", a.status(), id, "content_filter",
                    ContentPolicyException.Stage.UNKNOWN, List.of(), Map.of());
        }
        List<URI> urls = new ArrayList<>();
        for (JsonNode image : choice.path("message").path("images")) {
            urls.add(Outputs.url("openrouter", image.path("image_url").path("url").asText(""), urls.size(), id,
                    a.status()));
        }
        if (urls.isEmpty()) {
            throw new ResultUnknownException("the answer has no image" + (text.isBlank() ? "" : " (the model wrote: "
                    + cut(text) + ")") + "; it may have been billed", null, "openrouter", a.status(), id);
        }
        ImageResult.Builder b = JobRunner.collect(client, "openrouter", id, p.wireModel, p, listener, a, urls,
                start);
        JsonNode u = doc.path("usage");
        if (u.isObject()) {
            Usage.Builder ub = Usage.builder().inputTokens(u.path("prompt_tokens").asLong(0))
                    .outputTokens(u.path("completion_tokens").asLong(0));
            if (u.path("total_tokens").isNumber()) {
                ub.totalTokens(u.path("total_tokens").asLong());
            }
            b.usage(ub.build());
            if (u.path("cost").isNumber()) {
                b.cost(Cost.reported(new BigDecimal(u.path("cost").asText()), "USD"));
            }
        }
        if (!text.isBlank()) {
            b.providerMetadata("text", text);
        }
        b.providerMetadata("generation-id", doc.path("id").asText(null));
        return b.build();
    }

    private static String cut(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static ImageListener offsetListener(ImageListener l, int offset) {
        if (offset == 0) {
            return l;
        }
        return new ImageListener() {
            @Override
            public void onPhase(Phase phase) {
                l.onPhase(phase);
            }

            @Override
            public void onBytesReceived(long totalBytes) {
                l.onBytesReceived(totalBytes);
            }

            @Override
            public void onPartialImage(PartialImage partial) {
                l.onPartialImage(partial);
            }

            @Override
            public void onImage(dev.imagegen4j.GeneratedImage image) {
                l.onImage(image);
            }
        };
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "OpenRouterImageGenerator[" + base.getHost() + "]";
    }

    /** Builds an {@link OpenRouterImageGenerator}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder extends GatewayBuilder<Builder> {
        private URI baseUrl = DEFAULT_BASE_URL;
        private String appUrl;
        private String appName;

        private Builder() {
        }

        /** The base URL, up to and including {@code /api/v1}. Default {@link #DEFAULT_BASE_URL}. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The base URL as text. */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(baseUrl));
        }

        /** Your app's URL, sent as {@code HTTP-Referer} (OpenRouter's rankings). Default none. */
        public Builder appUrl(String url) {
            this.appUrl = header("app-url", url);
            return this;
        }

        /** Your app's name, sent as {@code X-Title}. Default none. */
        public Builder appName(String name) {
            this.appName = header("app-name", name);
            return this;
        }

        private static String header(String setting, String value) {
            Objects.requireNonNull(value, setting);
            dev.imagegen4j.internal.HeaderValues.problem(value).ifPresent(problem -> {
                throw new IllegalArgumentException(setting + " " + problem);
            });
            return value;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException without an API key, or for an insecure base URL
         */
        public OpenRouterImageGenerator build() {
            requireKey("an OpenRouter API key is required (api-key, or OPENROUTER_API_KEY when the environment is "
                    + "passed in)");
            return new OpenRouterImageGenerator(this, checked(baseUrl, "base-url"));
        }
    }
}
