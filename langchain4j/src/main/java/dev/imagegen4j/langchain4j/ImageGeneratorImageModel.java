package dev.imagegen4j.langchain4j;

import dev.imagegen4j.Background;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Moderation;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.Usage;
import dev.imagegen4j.internal.SafeDownloader;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An imagegen4j {@link ImageGenerator} (one provider or a failover route) as a LangChain4j {@link ImageModel}:
 * {@link #generate(String)}, {@link #generate(String, int)}, {@link #edit(Image, String)} and
 * {@link #edit(Image, Image, String)} all work; options (model, size, quality, format...) are set once on the
 * builder.
 *
 * <pre>{@code
 * ImageModel model = ImageGeneratorImageModel.builder(OpenAiImageGenerator.builder().apiKey(key).build())
 *     .model(ModelId.GPT_IMAGE_2).size("1536x1024").quality(Quality.MEDIUM)
 *     .build();
 * Response<Image> response = model.generate("a lighthouse at dusk, watercolor");
 * byte[] png = Base64.getDecoder().decode(response.content().base64Data());
 * }</pre>
 *
 * <p><b>Results.</b> Each {@link Image} carries base64 data, the MIME type, the revised prompt and the vendor's
 * URL when there is one. The {@link Response} carries {@link TokenUsage} (input, output and total tokens as the
 * vendor reported them; null when it reported none), {@link FinishReason#STOP}, and metadata under the
 * {@code METADATA_*} keys: provider, logical and wire model, request id, warnings, the size, quality, background
 * and format the service used, latency and the full {@link Usage}.
 *
 * <p><b>Inputs.</b> The image and mask of an edit may be given as base64 data, as a {@code data:} URL, or as an
 * http(s) URL, which is downloaded with the limits of imagegen4j's security rules: https only (plain http and
 * loopback only when {@link Builder#allowLoopbackDownloads(boolean) allowed}, for tests), no private, link-local
 * or metadata addresses (every address the host resolves to is checked, and the connection goes to a checked
 * one), no credentials in the URL, at most {@link Builder#maxDownloadBytes(long)} bytes, within the
 * {@link Builder#downloadIdleTimeout(Duration) idle timeout} and the {@link Builder#downloadDeadline(Duration)
 * deadline}. A refused or unusable URL is an {@link InvalidRequestException}; a network failure, a timeout or a
 * 5xx is a {@link dev.imagegen4j.RetryableException} (nothing has been generated yet).
 *
 * <p><b>Errors</b> are imagegen4j's unchecked exceptions ({@link ImageGenerationException} and its subtypes),
 * not LangChain4j's: they carry more (retry-after, request id, the rule a request broke). A blocked prompt is a
 * {@link ContentPolicyException}.
 *
 * <p>Thread-safe. The model does not own the generator: close the generator when done.
 */
public final class ImageGeneratorImageModel implements ImageModel {

    /** Metadata key: the provider that served the request, e.g. {@code openai}. */
    public static final String METADATA_PROVIDER = "provider";
    /** Metadata key: the logical model, e.g. {@code gpt-image-2}. */
    public static final String METADATA_MODEL = "model";
    /** Metadata key: the model id sent on the wire, e.g. an Azure deployment name. */
    public static final String METADATA_WIRE_MODEL = "wire_model";
    /** Metadata key: the vendor's request id, when it sent one. */
    public static final String METADATA_REQUEST_ID = "request_id";
    /** Metadata key: a {@code List<String>} of options that were not applied, when there are any. */
    public static final String METADATA_WARNINGS = "warnings";
    /** Metadata key: the size the service produced, e.g. {@code 1024x1024}, when it said. */
    public static final String METADATA_SIZE = "size";
    /** Metadata key: the quality the service used, when it said. */
    public static final String METADATA_QUALITY = "quality";
    /** Metadata key: the background the service produced, when it said. */
    public static final String METADATA_BACKGROUND = "background";
    /** Metadata key: the output format, e.g. {@code png}, when the service said. */
    public static final String METADATA_OUTPUT_FORMAT = "output_format";
    /** Metadata key: the latency in milliseconds. */
    public static final String METADATA_LATENCY_MS = "latency_ms";
    /** Metadata key: the full {@link Usage} (with the text/image split), when the vendor reported usage. */
    public static final String METADATA_USAGE = "usage";
    /** Metadata key: the {@link dev.imagegen4j.Cost}, when known. */
    public static final String METADATA_COST = "cost";

    private final ImageGenerator generator;
    private final ImageRequest defaults;
    private final Conversions conversions;

    private ImageGeneratorImageModel(Builder b, ImageRequest defaults) {
        this.generator = b.generator;
        this.defaults = defaults;
        this.conversions = new Conversions(b.allowLoopbackDownloads, b.maxDownloadBytes, b.downloadTimeout,
                b.downloadIdleTimeout, b.downloadDeadline);
    }

    /** A builder over {@code generator}. */
    public static Builder builder(ImageGenerator generator) {
        return new Builder(generator);
    }

    /**
     * Generates one image.
     *
     * @throws InvalidRequestException  if the prompt is blank or the options break a rule of the model
     * @throws ImageGenerationException a subtype saying what to do next
     */
    @Override
    public Response<Image> generate(String prompt) {
        ImageResult result = call(ImageRequest.builder().prompt(prompt).n(1));
        return new Response<>(Conversions.toLangChain4j(result.image()), tokenUsage(result), FinishReason.STOP,
                metadata(result));
    }

    /**
     * Generates {@code n} images in one request.
     *
     * @throws InvalidRequestException  if {@code n} is below 1 or above what the model takes
     * @throws ImageGenerationException a subtype saying what to do next
     */
    @Override
    public Response<List<Image>> generate(String prompt, int n) {
        ImageResult result = call(ImageRequest.builder().prompt(prompt).n(n));
        List<Image> images = new ArrayList<>();
        result.images().forEach(i -> images.add(Conversions.toLangChain4j(i)));
        return new Response<>(images, tokenUsage(result), FinishReason.STOP, metadata(result));
    }

    /**
     * Edits {@code image} (base64, {@code data:} or http(s) URL) following {@code prompt}.
     *
     * @throws InvalidRequestException  if the image has no data, its URL is refused, or it breaks a rule
     * @throws ImageGenerationException a subtype saying what to do next
     */
    @Override
    public Response<Image> edit(Image image, String prompt) {
        ImageResult result = call(ImageRequest.builder().prompt(prompt).n(1).image(conversions.input(image, "image")));
        return new Response<>(Conversions.toLangChain4j(result.image()), tokenUsage(result), FinishReason.STOP,
                metadata(result));
    }

    /**
     * Edits the part of {@code image} that {@code mask} marks (fully transparent pixels; a PNG of the image's
     * dimensions) following {@code prompt}.
     *
     * @throws InvalidRequestException  if an image has no data, a URL is refused, or the mask does not fit
     * @throws ImageGenerationException a subtype saying what to do next
     */
    @Override
    public Response<Image> edit(Image image, Image mask, String prompt) {
        ImageResult result = call(ImageRequest.builder().prompt(prompt).n(1).image(conversions.input(image, "image"))
                .mask(conversions.input(mask, "mask")));
        return new Response<>(Conversions.toLangChain4j(result.image()), tokenUsage(result), FinishReason.STOP,
                metadata(result));
    }

    /** The generator this model calls. */
    public ImageGenerator generator() {
        return generator;
    }

    /** The options applied to every call, as a template. */
    public ImageRequest defaults() {
        return defaults;
    }

    private ImageResult call(ImageRequest.Builder request) {
        return generator.generate(request.build().withDefaults(defaults));
    }

    static TokenUsage tokenUsage(ImageResult result) {
        return result.usage().filter(u -> !u.equals(Usage.NONE))
                .map(u -> new TokenUsage(toInt(u.inputTokens()), toInt(u.outputTokens()), toInt(u.totalTokens())))
                .orElse(null);
    }

    private static int toInt(long v) {
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    private static Map<String, Object> metadata(ImageResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(METADATA_PROVIDER, result.providerId());
        m.put(METADATA_MODEL, result.model().value());
        m.put(METADATA_WIRE_MODEL, result.wireModel());
        result.requestId().ifPresent(id -> m.put(METADATA_REQUEST_ID, id));
        if (!result.warnings().isEmpty()) {
            m.put(METADATA_WARNINGS, result.warnings());
        }
        result.size().ifPresent(s -> m.put(METADATA_SIZE, s.wireValue()));
        result.quality().ifPresent(q -> m.put(METADATA_QUALITY, q.wireValue()));
        result.background().ifPresent(bg -> m.put(METADATA_BACKGROUND, bg.wireValue()));
        result.outputFormat().ifPresent(f -> m.put(METADATA_OUTPUT_FORMAT, f.wireValue()));
        m.put(METADATA_LATENCY_MS, result.latency().toMillis());
        result.usage().ifPresent(u -> m.put(METADATA_USAGE, u));
        result.cost().ifPresent(c -> m.put(METADATA_COST, c));
        return m;
    }

    @Override
    public String toString() {
        return "ImageGeneratorImageModel[" + generator.providerId() + ", defaults=" + defaults + "]";
    }

    /**
     * Builds an {@link ImageGeneratorImageModel}. Not thread-safe; {@link #build()} validates and copies, so a
     * builder can be reused. Every option is unset by default, which means the generator's default (and then the
     * vendor's).
     */
    public static final class Builder {
        private final ImageGenerator generator;
        private final ImageRequest.Builder options = ImageRequest.template();
        private ImageRequest defaults;
        private boolean allowLoopbackDownloads;
        private long maxDownloadBytes = SafeDownloader.DEFAULT_MAX_BYTES;
        private Duration downloadTimeout = Duration.ofSeconds(30);
        private Duration downloadIdleTimeout = SafeDownloader.DEFAULT_IDLE_TIMEOUT;
        private Duration downloadDeadline = SafeDownloader.DEFAULT_DEADLINE;

        private Builder(ImageGenerator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        /**
         * A whole options template ({@link ImageRequest#template()}); options set with the other setters win over
         * it. Default none.
         */
        public Builder defaults(ImageRequest defaults) {
            this.defaults = defaults;
            return this;
        }

        /** The model. Default: the generator's default model. */
        public Builder model(ModelId model) {
            options.model(model);
            return this;
        }

        /** The model by id, e.g. {@code gpt-image-2}. @throws IllegalArgumentException if the id is blank */
        public Builder model(String model) {
            return model(model == null ? null : ModelId.of(model));
        }

        /** The size. Default: the vendor's ({@code auto} for gpt-image models). */
        public Builder size(ImageSize size) {
            options.size(size);
            return this;
        }

        /** The size as {@code WIDTHxHEIGHT} or {@code auto}. @throws IllegalArgumentException if malformed */
        public Builder size(String size) {
            return size(size == null ? null : ImageSize.parse(size));
        }

        /** The quality. Default: the vendor's. */
        public Builder quality(Quality quality) {
            options.quality(quality);
            return this;
        }

        /** The background, e.g. transparent (needs png or webp). Default: {@code auto}. */
        public Builder background(Background background) {
            options.background(background);
            return this;
        }

        /** The output format. Default: png. */
        public Builder outputFormat(OutputFormat outputFormat) {
            options.outputFormat(outputFormat);
            return this;
        }

        /** The compression 0..100 of jpeg and webp output. Default: 100. */
        public Builder outputCompression(Integer outputCompression) {
            options.outputCompression(outputCompression);
            return this;
        }

        /** The moderation level. Default: {@code auto}. */
        public Builder moderation(Moderation moderation) {
            options.moderation(moderation);
            return this;
        }

        /** The end-user id for the vendor's abuse monitoring. Default none. */
        public Builder user(String user) {
            options.user(user);
            return this;
        }

        /** Whether options the model would ignore are errors rather than warnings. Default false. */
        public Builder strict(Boolean strict) {
            options.strict(strict);
            return this;
        }

        /**
         * Whether edit inputs may be downloaded from loopback addresses over plain http: for tests and local
         * emulators only. Default false.
         */
        public Builder allowLoopbackDownloads(boolean allow) {
            this.allowLoopbackDownloads = allow;
            return this;
        }

        /** The most bytes an input image may have, downloaded or decoded. Default 64 MiB. */
        public Builder maxDownloadBytes(long maxBytes) {
            this.maxDownloadBytes = maxBytes;
            return this;
        }

        /** Connect timeout, and time to response headers per hop, of an input download. Default 30 s. */
        public Builder downloadTimeout(Duration timeout) {
            this.downloadTimeout = timeout;
            return this;
        }

        /**
         * The longest wait for the next bytes of an input download: a body that stalls ends here. Default 30 s
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
         * The model.
         *
         * @throws InvalidRequestException  if the options break a rule that holds for every model
         * @throws IllegalArgumentException if the defaults are not a template, or the download limits are not positive
         */
        public ImageGeneratorImageModel build() {
            if (defaults != null && (defaults.prompt().isPresent() || !defaults.images().isEmpty())) {
                throw new IllegalArgumentException("defaults must be a template (ImageRequest.template()): options "
                        + "only, no prompt or images");
            }
            ImageRequest merged = options.build().withDefaults(defaults);
            return new ImageGeneratorImageModel(this, merged);
        }
    }
}
