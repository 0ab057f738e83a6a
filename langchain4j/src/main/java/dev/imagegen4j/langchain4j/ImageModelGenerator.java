package dev.imagegen4j.langchain4j;

import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OptionRule;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.SizeRule;
import dev.imagegen4j.Usage;
import dev.imagegen4j.internal.InMemoryImages;
import dev.imagegen4j.internal.SafeDownloader;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reverse bridge: any LangChain4j {@link ImageModel} as an imagegen4j {@link ImageGenerator}, so vendors that
 * LangChain4j supports (Vertex AI Imagen, ...) can sit in an imagegen4j failover route.
 *
 * <pre>{@code
 * ImageGenerator imagen = ImageModelGenerator.builder(vertexAiImageModel).modelName("imagen-4").edits(true).build();
 * ImageGenerator route = ImageRouter.builder("images").add(openAi).add(imagen).build();
 * }</pre>
 *
 * <p><b>What passes through.</b> An {@link ImageModel} takes a prompt, a count, an image and a mask; everything
 * else is configured on the LangChain4j model's own builder. So the request's size, quality, background, output
 * format, compression, moderation, input fidelity, user, style, response format and provider options are
 * <em>not</em> applied: each is reported in {@link ImageResult#warnings()}, or rejected with an
 * {@link InvalidRequestException} in strict mode. A request for a different model than this bridge serves is
 * served anyway (that is what failover is for), with a warning. Partial images are not streamed; the listener gets
 * each final image.
 *
 * <p><b>Capabilities</b> are declared on the builder, because an {@code ImageModel} cannot say what it supports
 * (its unimplemented methods throw): generation always, edits with one reference image only if
 * {@link Builder#edits(boolean)}, masks only if {@link Builder#masks(boolean)}, {@code n > 1} only up to
 * {@link Builder#maxImages(int)}. A route skips the bridge for requests it cannot serve.
 *
 * <p><b>Results.</b> Images are read from base64 data, or downloaded from their URL with imagegen4j's URL rules
 * (https only, no private addresses, a size cap, an idle timeout and a deadline: see the builder). Token usage, the finish reason and the response metadata are
 * copied into the {@link ImageResult}; a {@link FinishReason#CONTENT_FILTER} answer becomes a
 * {@link ContentPolicyException}.
 *
 * <p><b>Errors, and paying once.</b> LangChain4j exceptions become imagegen4j ones by one question: could the
 * vendor have processed, and billed, the request? Refusals map to what they are (content filtered to
 * {@link ContentPolicyException}, invalid request to {@link InvalidRequestException}, authentication and
 * model-not-found to the matching {@link ProviderException}s, rate limit to {@link dev.imagegen4j.RateLimitException});
 * a failure to connect, a 5xx that says the vendor failed, and LangChain4j's other retriable errors to
 * {@link dev.imagegen4j.RetryableException}. Everything that may follow a generation is a
 * {@link dev.imagegen4j.ResultUnknownException}, which a route neither retries nor fails over unless opted in: a
 * timeout or reset after sending, a 502/504 (a gateway gave up on a slow generation), an answer that does not
 * parse, an answer without an image, and an image the vendor returned that cannot be delivered (a URL that is
 * refused, fails, stalls or is cut off; broken base64; an unknown format; a sink that cannot be written). The full
 * table is on {@code ExceptionMapper}.
 *
 * <p><b>Build the wrapped model without retries of its own</b> (e.g. {@code OpenAiImageModel.builder().maxRetries(0)}):
 * LangChain4j's models retry by default, including after a reset or a timeout that followed the request, which
 * can pay up to three times before this bridge sees an error. The route's retries know what is safe to repeat.
 *
 * <p>Thread-safe if the wrapped model is (LangChain4j's models are). Closing the bridge does not close the model.
 */
public final class ImageModelGenerator implements ImageGenerator {

    /** The default provider id: {@code langchain4j}. */
    public static final String DEFAULT_PROVIDER_ID = "langchain4j";

    private final ImageModel model;
    private final String providerId;
    private final String modelName;
    private final ModelId modelId;
    private final ModelCapabilities capabilities;
    private final Conversions conversions;

    private ImageModelGenerator(Builder b) {
        this.model = b.model;
        this.providerId = b.providerId;
        String className = b.model.getClass().getSimpleName();
        // an anonymous class has no simple name
        this.modelName = b.modelName != null ? b.modelName : className.isBlank() ? "ImageModel" : className;
        this.modelId = ModelId.of(modelName);
        ModelCapabilities.Builder caps = ModelCapabilities.builder("langchain4j")
                .operations(b.edits ? new ImageOperation[] {ImageOperation.GENERATE, ImageOperation.EDIT}
                        : new ImageOperation[] {ImageOperation.GENERATE})
                .mask(b.masks).streaming(false).maxN(b.maxImages).maxPromptLength(Integer.MAX_VALUE)
                // Options an ImageModel cannot take are accepted here and reported as warnings by generate().
                .sizeRule(SizeRule.flexible(1, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, Long.MAX_VALUE))
                .option("quality", OptionRule.any()).option("output_format", OptionRule.any())
                .option("background", OptionRule.any()).option("moderation", OptionRule.any())
                .option("input_fidelity", OptionRule.any()).option("style", OptionRule.any())
                .option("response_format", OptionRule.any()).option("complexity", OptionRule.any())
                .maxReferenceImages(1).maxImageBytes(b.maxDownloadBytes).maxMaskBytes(b.maxDownloadBytes)
                .note("served by the LangChain4j ImageModel " + modelName
                        + "; its options come from its own builder");
        this.capabilities = caps.build();
        this.conversions = new Conversions(b.allowLoopbackDownloads, b.maxDownloadBytes, b.downloadTimeout,
                b.downloadIdleTimeout, b.downloadDeadline);
    }

    /** A builder over {@code model}. */
    public static Builder builder(ImageModel model) {
        return new Builder(model);
    }

    @Override
    public ImageResult generate(ImageRequest request, ImageListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        ModelId requested = request.model().orElse(modelId);
        List<String> warnings = new ArrayList<>(capabilities.validate(request, requested));
        List<String> ignored = ignoredOptions(request);
        if (request.isStrict() && !ignored.isEmpty()) {
            String first = ignored.get(0);
            throw new InvalidRequestException(first.substring(0, first.indexOf(' ')),
                    "strict mode: " + first.replace(" ignored:", " is not allowed:"));
        }
        warnings.addAll(ignored);
        if (!requested.equals(modelId)) {
            warnings.add("model " + requested + " is not selectable through a LangChain4j ImageModel; " + modelName
                    + " served the request");
        }
        String prompt = request.prompt().orElseThrow(() -> new InvalidRequestException("prompt",
                "prompt is required: a LangChain4j ImageModel has no variations"));
        int n = request.count();

        listener.onPhase(ImageListener.Phase.WAITING);
        long start = System.nanoTime();
        List<Image> images;
        TokenUsage tokenUsage;
        FinishReason finishReason;
        java.util.Map<String, Object> metadata;
        String operation = "generate";
        try {
            if (request.operation() == ImageOperation.EDIT) {
                Image image = lc4jImage(request.images().get(0));
                Optional<ImageInput> mask = request.mask();
                Response<Image> r;
                if (mask.isPresent()) {
                    operation = "edit(image, mask, prompt)";
                    r = model.edit(image, lc4jImage(mask.get()), prompt);
                } else {
                    operation = "edit(image, prompt)";
                    r = model.edit(image, prompt);
                }
                images = r == null || r.content() == null ? List.of() : List.of(r.content());
                tokenUsage = r == null ? null : r.tokenUsage();
                finishReason = r == null ? null : r.finishReason();
                metadata = r == null ? java.util.Map.of() : r.metadata();
            } else if (n == 1) {
                Response<Image> r = model.generate(prompt);
                images = r == null || r.content() == null ? List.of() : List.of(r.content());
                tokenUsage = r == null ? null : r.tokenUsage();
                finishReason = r == null ? null : r.finishReason();
                metadata = r == null ? java.util.Map.of() : r.metadata();
            } else {
                operation = "generate(prompt, n)";
                Response<List<Image>> r = model.generate(prompt, n);
                images = r == null || r.content() == null ? List.of() : r.content();
                tokenUsage = r == null ? null : r.tokenUsage();
                finishReason = r == null ? null : r.finishReason();
                metadata = r == null ? java.util.Map.of() : r.metadata();
            }
        } catch (RuntimeException e) {
            throw ExceptionMapper.map(e, providerId, operation);
        }
        listener.onPhase(ImageListener.Phase.RECEIVING);
        if (finishReason == FinishReason.CONTENT_FILTER) {
            throw new ContentPolicyException("the LangChain4j ImageModel " + modelName
                    + " finished with CONTENT_FILTER", providerId, 0, null, null, ContentPolicyException.Stage.UNKNOWN,
                    List.of(), null);
        }
        if (images.isEmpty()) {
            throw ExceptionMapper.unusableResult("the LangChain4j ImageModel " + modelName + " answered without an "
                    + "image", null, providerId);
        }
        if (images.size() != n && request.operation() == ImageOperation.GENERATE) {
            warnings.add("asked for " + n + " images, the LangChain4j ImageModel returned " + images.size());
        }

        ImageResult.Builder result = ImageResult.builder().providerId(providerId).model(requested)
                .wireModel(modelName).addWarnings(warnings);
        for (int i = 0; i < images.size(); i++) {
            GeneratedImage image;
            try {
                image = toGenerated(images.get(i), i, request.sink().orElse(null));
            } catch (RuntimeException e) {
                // the vendor has produced (and may have billed) this image: never a reason to ask again
                String delivered = i == 0 ? "" : " (images 0.." + (i - 1) + " were delivered to the listener"
                        + (request.sink().isPresent() ? " and the sink" : "") + ")";
                throw ExceptionMapper.unusableResult("the LangChain4j ImageModel " + modelName + " returned image "
                        + i + " of " + images.size() + ", which cannot be delivered: " + e.getMessage() + delivered, e,
                        providerId);
            }
            listener.onImage(image);
            result.addImage(image);
        }
        if (tokenUsage != null) {
            result.usage(usage(tokenUsage));
        }
        if (finishReason != null) {
            result.providerMetadata("finish_reason", finishReason.name());
        }
        if (metadata != null) {
            metadata.forEach(result::providerMetadata);
        }
        result.latency(Duration.ofNanos(System.nanoTime() - start));
        listener.onPhase(ImageListener.Phase.DONE);
        return result.build();
    }

    /** The rules declared on the builder, whatever {@code model} is: the wrapped model serves every request. */
    @Override
    public ModelCapabilities capabilities(ModelId model) {
        return capabilities;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    /** The wrapped LangChain4j model. */
    public ImageModel imageModel() {
        return model;
    }

    @Override
    public String toString() {
        return "ImageModelGenerator[" + providerId + ", " + modelName + "]";
    }

    private static List<String> ignoredOptions(ImageRequest r) {
        String why = " ignored: a LangChain4j ImageModel takes it from its own builder";
        List<String> ignored = new ArrayList<>();
        r.size().ifPresent(v -> ignored.add("size " + v + why));
        r.quality().ifPresent(v -> ignored.add("quality " + v + why));
        r.background().ifPresent(v -> ignored.add("background " + v + why));
        r.outputFormat().ifPresent(v -> ignored.add("output format " + v + why));
        r.outputCompression().ifPresent(v -> ignored.add("output compression " + v + why));
        r.moderation().ifPresent(v -> ignored.add("moderation " + v + why));
        r.inputFidelity().ifPresent(v -> ignored.add("input fidelity " + v + why));
        r.user().ifPresent(v -> ignored.add("user" + why));
        r.style().ifPresent(v -> ignored.add("style " + v + why));
        r.responseFormat().ifPresent(v -> ignored.add("response format " + v + why));
        r.providerOptions().forEach((provider, opts) -> opts.keySet().forEach(k -> ignored.add(
                "provider option " + provider + "." + k + why)));
        return ignored;
    }

    private Image lc4jImage(ImageInput input) {
        return Image.builder().base64Data(Conversions.base64(input)).mimeType(input.mimeType()).build();
    }

    private GeneratedImage toGenerated(Image image, int index, ImageSink sink) {
        return InMemoryImages.toGenerated(conversions.bytes(image, "image"), index, image.mimeType(), sink,
                b -> b.revisedPrompt(image.revisedPrompt()).url(image.url()));
    }

    private static Usage usage(TokenUsage t) {
        Usage.Builder u = Usage.builder();
        if (t.inputTokenCount() != null) {
            u.inputTokens(t.inputTokenCount());
        }
        if (t.outputTokenCount() != null) {
            u.outputTokens(t.outputTokenCount());
        }
        if (t.totalTokenCount() != null) {
            u.totalTokens(t.totalTokenCount());
        }
        return u.build();
    }

    /** Builds an {@link ImageModelGenerator}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private final ImageModel model;
        private String providerId = DEFAULT_PROVIDER_ID;
        private String modelName;
        private boolean edits;
        private boolean masks;
        private int maxImages = 1;
        private boolean allowLoopbackDownloads;
        private long maxDownloadBytes = SafeDownloader.DEFAULT_MAX_BYTES;
        private Duration downloadTimeout = Duration.ofSeconds(30);
        private Duration downloadIdleTimeout = SafeDownloader.DEFAULT_IDLE_TIMEOUT;
        private Duration downloadDeadline = SafeDownloader.DEFAULT_DEADLINE;

        private Builder(ImageModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The provider id in results, errors and routes. Default {@value ImageModelGenerator#DEFAULT_PROVIDER_ID}. */
        public Builder providerId(String providerId) {
            this.providerId = providerId;
            return this;
        }

        /**
         * The name of the model the {@code ImageModel} serves, e.g. {@code imagen-4.0-generate-001}: the wire
         * model of results and the logical model of requests that name none. Default: the model's class name.
         */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /** Whether the model implements {@code edit(image, prompt)}. Default false. */
        public Builder edits(boolean edits) {
            this.edits = edits;
            return this;
        }

        /** Whether the model implements {@code edit(image, mask, prompt)}; needs {@link #edits(boolean)}. Default false. */
        public Builder masks(boolean masks) {
            this.masks = masks;
            return this;
        }

        /** The most images one request may ask for; above 1 the model must implement {@code generate(prompt, n)}. Default 1. */
        public Builder maxImages(int maxImages) {
            this.maxImages = maxImages;
            return this;
        }

        /** Whether result URLs may point at loopback over plain http: for tests only. Default false. */
        public Builder allowLoopbackDownloads(boolean allow) {
            this.allowLoopbackDownloads = allow;
            return this;
        }

        /** The most bytes of one image, downloaded or decoded, and of one reference image or mask. Default 64 MiB. */
        public Builder maxDownloadBytes(long maxBytes) {
            this.maxDownloadBytes = maxBytes;
            return this;
        }

        /** Connect timeout, and time to response headers per hop, of a result download. Default 30 s. */
        public Builder downloadTimeout(Duration timeout) {
            this.downloadTimeout = timeout;
            return this;
        }

        /**
         * The longest wait for the next bytes of a result download: a body that stalls ends here. Default 30 s
         * ({@link SafeDownloader#DEFAULT_IDLE_TIMEOUT}).
         */
        public Builder downloadIdleTimeout(Duration timeout) {
            this.downloadIdleTimeout = timeout;
            return this;
        }

        /**
         * The time one image download may take in all, redirects included: a body that drips a byte now and then
         * ends here. Default 2 minutes ({@link SafeDownloader#DEFAULT_DEADLINE}).
         */
        public Builder downloadDeadline(Duration deadline) {
            this.downloadDeadline = deadline;
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException naming the setting and the rule: a blank provider id or model name,
         *                                  masks without edits, {@code maxImages} below 1, download limits not positive
         */
        public ImageModelGenerator build() {
            if (providerId == null || providerId.isBlank()) {
                throw new IllegalArgumentException("providerId must not be blank");
            }
            if (modelName != null && (modelName.isBlank() || !modelName.strip().equals(modelName))) {
                throw new IllegalArgumentException("modelName '" + modelName
                        + "' must not be blank or have surrounding white space");
            }
            if (masks && !edits) {
                throw new IllegalArgumentException("masks(true) needs edits(true): a masked edit is an edit");
            }
            if (maxImages < 1) {
                throw new IllegalArgumentException("maxImages " + maxImages + ": must be at least 1");
            }
            return new ImageModelGenerator(this);
        }
    }
}
