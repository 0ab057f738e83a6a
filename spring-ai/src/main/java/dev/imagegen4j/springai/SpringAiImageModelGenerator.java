package dev.imagegen4j.springai;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OptionRule;
import dev.imagegen4j.SizeRule;
import dev.imagegen4j.Usage;
import dev.imagegen4j.internal.InMemoryImages;
import dev.imagegen4j.internal.SafeDownloader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.image.Image;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.image.ImageResponseMetadata;

/**
 * The reverse bridge: any Spring AI {@link ImageModel} as an imagegen4j {@link ImageGenerator}, so a vendor Spring AI
 * supports (Stability, ZhiPu, QianFan, ...) can be a member of an imagegen4j failover route.
 *
 * <pre>{@code
 * ImageGenerator stability = SpringAiImageModelGenerator.builder(stabilityImageModel).modelName("stable-diffusion-xl")
 *         .build();
 * ImageGenerator route = ImageRouter.builder("images").add(openai).add(stability).build();
 * }</pre>
 *
 * <p><b>What passes through.</b> Spring AI's portable options: the prompt, {@code n} (up to
 * {@link Builder#maxImages(int)}), a {@code WxH} size as width and height, {@code style}, {@code response_format},
 * and the model name set on the builder. Everything else (quality, background, format, compression, moderation, user,
 * provider options, ...) is configured on the Spring AI model itself and is <em>not</em> applied: each is listed in
 * {@link ImageResult#warnings()}, or refused in strict mode. A request for another model than the bridge serves is
 * served by the bridge's model, with a warning (that is what failover is for). Generation only: a Spring AI
 * {@code ImageModel} has no edits, so a route skips the bridge for edits.
 *
 * <p><b>Results.</b> Images are read from base64, or downloaded from their URL under imagegen4j's URL rules (https
 * only, no private addresses, a size cap, an idle timeout and a deadline). Spring AI's usage becomes
 * {@link Usage} (prompt = input, completion = output tokens).
 *
 * <p><b>Errors, and paying once.</b> Exceptions are mapped by one question, could the vendor have processed and billed
 * the request (table on {@code SpringAiExceptionMapper}): a failure that may follow a generation (a timeout or reset
 * after sending, 502/504, an answer that does not parse, an image that cannot be delivered) is a
 * {@link dev.imagegen4j.ResultUnknownException}, which a route neither retries nor fails over by default.
 * <b>Build the wrapped model without retries of its own</b> (Spring AI's OpenAI model: {@code maxRetries(0)} on its
 * options; others: a {@code RetryTemplate} without retries): their retries repeat requests after a reset or a
 * timeout that followed sending, which can pay several times before this bridge sees an error.
 *
 * <p>Thread-safe if the wrapped model is. Closing the bridge does not close the model.
 */
public final class SpringAiImageModelGenerator implements ImageGenerator {

    /** The default provider id: {@code spring-ai}. */
    public static final String DEFAULT_PROVIDER_ID = "spring-ai";

    private final ImageModel model;
    private final String providerId;
    private final String modelName;
    private final ModelId modelId;
    private final ModelCapabilities capabilities;
    private final SafeDownloader downloader;
    private final long maxBytes;
    private final boolean modelNameSet;

    private SpringAiImageModelGenerator(Builder b) {
        this.model = b.model;
        this.providerId = b.providerId;
        String className = b.model.getClass().getSimpleName();
        this.modelNameSet = b.modelName != null;
        this.modelName = b.modelName != null ? b.modelName : className.isBlank() ? "ImageModel" : className;
        this.modelId = ModelId.of(modelName);
        this.capabilities = ModelCapabilities.builder("spring-ai")
                .operations(ImageOperation.GENERATE).mask(false).streaming(false).maxN(b.maxImages)
                .maxPromptLength(Integer.MAX_VALUE)
                // options a Spring AI ImageModel cannot take are accepted here and reported as warnings
                .sizeRule(SizeRule.flexible(1, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, Long.MAX_VALUE))
                .option("quality", OptionRule.any()).option("output_format", OptionRule.any())
                .option("background", OptionRule.any()).option("moderation", OptionRule.any())
                .option("input_fidelity", OptionRule.any()).option("style", OptionRule.any())
                .option("response_format", OptionRule.any()).option("complexity", OptionRule.any())
                .note("served by the Spring AI ImageModel " + modelName + "; options other than n, size, style and "
                        + "response format come from its own configuration")
                .build();
        this.downloader = SafeDownloader.builder().allowLoopback(b.allowLoopbackDownloads).maxBytes(b.maxDownloadBytes)
                .build();
        this.maxBytes = b.maxDownloadBytes;
    }

    /** A builder over {@code model}. */
    public static Builder builder(ImageModel model) {
        return new Builder(model);
    }

    @Override
    public ImageResult generate(ImageRequest request, ImageListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        if (request.operation() != ImageOperation.GENERATE) {
            throw new InvalidRequestException("image", "a Spring AI ImageModel only generates: it has no "
                    + request.operation().name().toLowerCase(java.util.Locale.ROOT));
        }
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
            warnings.add("model " + requested + " is not selectable through this Spring AI ImageModel; " + modelName
                    + " served the request");
        }
        String prompt = request.prompt().orElseThrow(() -> new InvalidRequestException("prompt", "prompt is required"));
        int n = request.count();
        ImageOptionsBuilder options = ImageOptionsBuilder.builder().n(n);
        if (modelNameSet) {
            options.model(modelName);
        }
        request.size().filter(s -> !s.isAuto()).ifPresent(s -> options.width(s.width()).height(s.height()));
        request.style().ifPresent(s -> options.style(s.wireValue()));
        request.responseFormat().ifPresent(f -> options.responseFormat(f.wireValue()));

        listener.onPhase(ImageListener.Phase.WAITING);
        long start = System.nanoTime();
        ImageResponse response;
        try {
            response = model.call(new ImagePrompt(prompt, options.build()));
        } catch (RuntimeException e) {
            throw SpringAiExceptionMapper.map(e, providerId);
        }
        listener.onPhase(ImageListener.Phase.RECEIVING);
        List<ImageGeneration> generations = response == null || response.getResults() == null ? List.of()
                : response.getResults();
        if (generations.isEmpty()) {
            throw SpringAiExceptionMapper.unusableResult("the Spring AI ImageModel " + modelName
                    + " answered without an image", null, providerId);
        }
        if (generations.size() != n) {
            warnings.add("asked for " + n + " images, the Spring AI ImageModel returned " + generations.size());
        }
        ImageResult.Builder result = ImageResult.builder().providerId(providerId).model(requested).wireModel(modelName)
                .addWarnings(warnings);
        for (int i = 0; i < generations.size(); i++) {
            GeneratedImage image;
            try {
                image = toGenerated(generations.get(i).getOutput(), i, request.sink().orElse(null));
            } catch (RuntimeException e) {
                // the vendor has produced (and may have billed) this image: never a reason to ask again
                String delivered = i == 0 ? "" : " (images 0.." + (i - 1) + " were delivered to the listener"
                        + (request.sink().isPresent() ? " and the sink" : "") + ")";
                throw SpringAiExceptionMapper.unusableResult("the Spring AI ImageModel " + modelName + " returned image "
                        + i + " of " + generations.size() + ", which cannot be delivered: " + e.getMessage() + delivered,
                        e, providerId);
            }
            listener.onImage(image);
            result.addImage(image);
        }
        ImageResponseMetadata md = response.getMetadata();
        if (md != null) {
            if (md.getUsage() != null && reported(md.getUsage())) {
                result.usage(usage(md.getUsage()));
            }
            if (md.getCreated() != null && md.getCreated() > 0) {
                result.created(Instant.ofEpochSecond(md.getCreated()));
            }
        }
        result.latency(Duration.ofNanos(System.nanoTime() - start));
        listener.onPhase(ImageListener.Phase.DONE);
        return result.build();
    }

    /** Spring AI gives an all-zero usage when the model reported none (its OpenAI model does): that is unknown, not 0. */
    private static boolean reported(org.springframework.ai.chat.metadata.Usage u) {
        return (u.getPromptTokens() != null && u.getPromptTokens() > 0)
                || (u.getCompletionTokens() != null && u.getCompletionTokens() > 0);
    }

    private static Usage usage(org.springframework.ai.chat.metadata.Usage u) {
        long in = u.getPromptTokens() == null ? 0 : Math.max(0, u.getPromptTokens());
        long out = u.getCompletionTokens() == null ? 0 : Math.max(0, u.getCompletionTokens());
        Usage.Builder b = Usage.builder().inputTokens(in).outputTokens(out);
        if (u.getTotalTokens() != null && u.getTotalTokens() >= 0) {
            b.totalTokens(u.getTotalTokens());
        }
        return b.build();
    }

    private GeneratedImage toGenerated(Image image, int index, ImageSink sink) {
        if (image == null) {
            throw new IllegalStateException("it is empty");
        }
        return InMemoryImages.toGenerated(bytes(image), index, null, sink, b -> {
            if (image.getUrl() != null && !image.getUrl().isBlank()) {
                b.url(URI.create(image.getUrl()));
            }
        });
    }

    private byte[] bytes(Image image) {
        String b64 = image.getB64Json();
        if (b64 != null && !b64.isBlank()) {
            if (b64.length() / 4 * 3 > maxBytes + 3) {
                throw new IllegalStateException("its base64 data of " + b64.length() + " characters is over the "
                        + maxBytes + "-byte limit");
            }
            try {
                return Base64.getMimeDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("its base64 data is broken: " + e.getMessage(), e);
            }
        }
        String url = image.getUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("it has neither base64 data nor a URL");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            downloader.download(URI.create(url), out);
        } catch (IOException e) {
            throw new UncheckedIOException("its URL could not be downloaded: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading it", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("its URL is not usable: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static List<String> ignoredOptions(ImageRequest r) {
        String why = " ignored: a Spring AI ImageModel takes it from its own configuration";
        List<String> ignored = new ArrayList<>();
        r.quality().ifPresent(v -> ignored.add("quality " + v + why));
        r.background().ifPresent(v -> ignored.add("background " + v + why));
        r.outputFormat().ifPresent(v -> ignored.add("output format " + v + why));
        r.outputCompression().ifPresent(v -> ignored.add("output compression " + v + why));
        r.moderation().ifPresent(v -> ignored.add("moderation " + v + why));
        r.inputFidelity().ifPresent(v -> ignored.add("input fidelity " + v + why));
        r.user().ifPresent(v -> ignored.add("user" + why));
        r.complexity().ifPresent(v -> ignored.add("complexity " + v + why));
        r.aspectRatio().ifPresent(v -> ignored.add("aspect ratio " + v + why));
        r.resolution().ifPresent(v -> ignored.add("resolution " + v + why));
        r.safetyIdentifier().ifPresent(v -> ignored.add("safety identifier" + why));
        if (r.partialImages().isPresent()) {
            ignored.add("partial images" + why.replace("takes it from its own configuration", "does not stream"));
        }
        r.params().keySet().forEach(k -> ignored.add("param " + k + why));
        r.providerOptions().forEach((provider, opts) -> opts.keySet().forEach(k -> ignored.add(
                "provider option " + provider + "." + k + why)));
        return ignored;
    }

    /** Generation only, up to {@link Builder#maxImages(int)} images; sizes and styles pass through unchecked. */
    @Override
    public ModelCapabilities capabilities(ModelId model) {
        return capabilities;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    /** The wrapped Spring AI model. */
    public ImageModel imageModel() {
        return model;
    }

    @Override
    public String toString() {
        return "SpringAiImageModelGenerator[" + providerId + ", " + modelName + "]";
    }

    /** Builds a {@link SpringAiImageModelGenerator}; not thread-safe. */
    public static final class Builder {
        private final ImageModel model;
        private String providerId = DEFAULT_PROVIDER_ID;
        private String modelName;
        private int maxImages = 1;
        private boolean allowLoopbackDownloads;
        private long maxDownloadBytes = SafeDownloader.DEFAULT_MAX_BYTES;

        private Builder(ImageModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The provider id in results, messages and route labels. Default {@value #DEFAULT_PROVIDER_ID}. */
        public Builder providerId(String providerId) {
            this.providerId = providerId;
            return this;
        }

        /**
         * The model the Spring AI model serves, e.g. {@code gpt-image-2}: sent as its {@code ImageOptions} model, the
         * wire model of results and the logical model of requests that name none. Default: none sent (the model's
         * own default), named after the model's class.
         */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /** The most images one request may ask for. Default 1. */
        public Builder maxImages(int maxImages) {
            this.maxImages = maxImages;
            return this;
        }

        /** Whether result URLs may point at loopback over plain http: for tests only. Default false. */
        public Builder allowLoopbackDownloads(boolean allow) {
            this.allowLoopbackDownloads = allow;
            return this;
        }

        /** The most bytes of one image, downloaded or decoded. Default 64 MiB. */
        public Builder maxDownloadBytes(long maxBytes) {
            this.maxDownloadBytes = maxBytes;
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException naming the setting and the rule
         */
        public SpringAiImageModelGenerator build() {
            if (providerId == null || providerId.isBlank()) {
                throw new IllegalArgumentException("providerId must not be blank");
            }
            if (modelName != null && (modelName.isBlank() || !modelName.strip().equals(modelName))) {
                throw new IllegalArgumentException("modelName '" + modelName
                        + "' must not be blank or have surrounding white space");
            }
            if (maxImages < 1) {
                throw new IllegalArgumentException("maxImages " + maxImages + ": must be at least 1");
            }
            if (maxDownloadBytes < 1) {
                throw new IllegalArgumentException("maxDownloadBytes " + maxDownloadBytes + ": must be at least 1");
            }
            return new SpringAiImageModelGenerator(this);
        }
    }
}
