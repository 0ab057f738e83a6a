package dev.imagegen4j.springai;

import dev.imagegen4j.AspectRatio;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ResolutionTier;
import dev.imagegen4j.ResponseFormat;
import dev.imagegen4j.SizeRule;
import dev.imagegen4j.Style;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.content.Media;
import org.springframework.ai.image.Image;
import org.springframework.ai.image.ImageGeneration;
import org.springframework.ai.image.ImageMessage;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptions;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.ai.image.ImageResponseMetadata;

/**
 * An imagegen4j generator or route as a Spring AI {@link ImageModel}: Spring AI code gets imagegen4j's vendors,
 * failover, validation, usage and cost without changing.
 *
 * <pre>{@code
 * ImageModel images = ImageGeneratorSpringAiImageModel.builder(route)
 *         .defaults(ImageRequest.template().model(ModelId.GPT_IMAGE_2).quality(Quality.MEDIUM).build())
 *         .build();
 * ImageResponse r = images.call(new ImagePrompt("a lighthouse at dusk",
 *         ImageOptionsBuilder.builder().width(1536).height(1024).build()));
 * }</pre>
 *
 * <p><b>Options.</b> Spring AI's portable {@link ImageOptions} map onto the request: {@code n}, {@code model},
 * {@code style}, {@code responseFormat} ({@code url} or {@code b64_json}) as they are (a model that ignores one says so
 * in the warnings), {@code width} and {@code height} as a size: exactly when the model's size rule takes
 * {@code WxH}, else the nearest size it takes (with a warning naming both); a width without a height (or the reverse)
 * is ignored with a warning. Everything else (quality, background, format, ...) comes from
 * {@link Builder#defaults(ImageRequest)}. Several instructions are joined into one prompt, one per line, with a
 * warning; weights are ignored with a warning. Media (images) attached to the first instruction make the call an edit
 * with those reference images (bytes, or a URL sent as a reference).
 *
 * <p><b>Results.</b> Each image carries its base64 data (and its URL when the vendor gave one); each generation's
 * metadata has the revised prompt and MIME type. {@link ImageResponseMetadata} carries Spring AI's usage (prompt =
 * input tokens, completion = output tokens, total; the native usage is imagegen4j's {@link dev.imagegen4j.Usage}
 * with the text/image split) and, under the keys on this class, the provider, models, request id, cost, warnings and
 * latency. Edits beyond reference images (masks), streaming and partial images stay available through imagegen4j's own
 * API. Errors are imagegen4j's exceptions, unchanged.
 *
 * <p>Immutable and thread-safe if the generator is (imagegen4j's are). Closing is the generator owner's business.
 */
public final class ImageGeneratorSpringAiImageModel implements ImageModel {

    /** Metadata key: the provider that served the request ({@code openai}, ...). */
    public static final String PROVIDER = "imagegen4j.provider";
    /** Metadata key: the logical model. */
    public static final String MODEL = "imagegen4j.model";
    /** Metadata key: the model id sent on the wire. */
    public static final String WIRE_MODEL = "imagegen4j.wire-model";
    /** Metadata key: the vendor's request id. */
    public static final String REQUEST_ID = "imagegen4j.request-id";
    /** Metadata key: imagegen4j's {@link dev.imagegen4j.Usage} (text/image split). */
    public static final String USAGE = "imagegen4j.usage";
    /** Metadata key: the {@link dev.imagegen4j.Cost}. */
    public static final String COST = "imagegen4j.cost";
    /** Metadata key: the cost's amount as a {@link java.math.BigDecimal}. */
    public static final String COST_AMOUNT = "imagegen4j.cost.amount";
    /** Metadata key: the cost's currency, e.g. {@code USD}. */
    public static final String COST_CURRENCY = "imagegen4j.cost.currency";
    /** Metadata key: whether the cost is a price-table estimate. */
    public static final String COST_ESTIMATED = "imagegen4j.cost.estimated";
    /** Metadata key: the warnings (a {@code List<String>}): options not applied, failovers, inferred rules. */
    public static final String WARNINGS = "imagegen4j.warnings";
    /** Metadata key: the latency in milliseconds. */
    public static final String LATENCY_MS = "imagegen4j.latency-ms";
    /** Metadata key: the size the service produced. */
    public static final String SIZE = "imagegen4j.size";

    private final ImageGenerator generator;
    private final ImageRequest defaults;

    private ImageGeneratorSpringAiImageModel(Builder b) {
        this.generator = b.generator;
        this.defaults = b.defaults;
    }

    /** A builder over {@code generator} (a provider or a route). */
    public static Builder builder(ImageGenerator generator) {
        return new Builder(generator);
    }

    /** The wrapped generator. */
    public ImageGenerator generator() {
        return generator;
    }

    @Override
    public ImageResponse call(ImagePrompt prompt) {
        Objects.requireNonNull(prompt, "prompt");
        List<String> warnings = new ArrayList<>();
        ImageRequest request = toRequest(prompt, warnings);
        ImageResult result = generator.generate(request);
        return toResponse(result, warnings);
    }

    ImageRequest toRequest(ImagePrompt prompt, List<String> warnings) {
        List<ImageMessage> messages = prompt.getInstructions() == null ? List.of() : prompt.getInstructions();
        List<String> texts = new ArrayList<>();
        for (ImageMessage m : messages) {
            if (m.getText() != null && !m.getText().isBlank()) {
                texts.add(m.getText());
            }
            if (m.getWeight() != null && m.getWeight() != 1.0f) {
                warnings.add("instruction weight " + m.getWeight() + " ignored: imagegen4j has no weighted prompts");
            }
        }
        if (texts.isEmpty()) {
            throw new InvalidRequestException("prompt", "prompt is required: the ImagePrompt has no instruction text");
        }
        if (texts.size() > 1) {
            warnings.add(texts.size() + " instructions joined into one prompt, one per line");
        }
        ImageRequest.Builder b = ImageRequest.builder().prompt(String.join("\n", texts));
        for (ImageMessage m : messages) {
            for (Media media : m.getMedia()) {
                b.image(input(media));
            }
        }
        ImageOptions o = prompt.getOptions();
        if (o != null) {
            if (o.getN() != null) {
                b.n(o.getN());
            }
            if (o.getModel() != null && !o.getModel().isBlank()) {
                b.model(ModelId.of(o.getModel()));
            }
            if (o.getStyle() != null && !o.getStyle().isBlank()) {
                b.style(Style.of(o.getStyle()));
            }
            if (o.getResponseFormat() != null && !o.getResponseFormat().isBlank()) {
                b.responseFormat(responseFormat(o.getResponseFormat()));
            }
        }
        ImageRequest asked = b.build().withDefaults(defaults);
        if (o != null && (o.getWidth() != null || o.getHeight() != null)) {
            if (o.getWidth() == null || o.getHeight() == null) {
                warnings.add((o.getWidth() == null ? "height " + o.getHeight() : "width " + o.getWidth())
                        + " ignored: a size needs both width and height");
            } else {
                asked = asked.toBuilder().size(size(o.getWidth(), o.getHeight(), asked, warnings)).build();
            }
        }
        return asked;
    }

    private ImageSize size(int width, int height, ImageRequest request, List<String> warnings) {
        if (width < 1 || height < 1) {
            throw new InvalidRequestException("size", "width " + width + " and height " + height
                    + " must both be at least 1");
        }
        ImageSize wanted = ImageSize.of(width, height);
        ModelId model = request.model().orElse(null);
        if (model == null) {
            return wanted;
        }
        ModelCapabilities caps = generator.capabilities(model);
        SizeRule rule = caps.sizeRule();
        if (rule.allows(wanted)) {
            return wanted;
        }
        String tier = String.format(Locale.ROOT, "%.3fK", Math.sqrt((double) width * height) / 1024);
        Optional<ImageSize> nearest = rule.nearest(AspectRatio.of(width, height), ResolutionTier.of(tier));
        if (nearest.isEmpty()) {
            return wanted; // the generator's validation names the rule
        }
        warnings.add("width " + width + " x height " + height + " is not a size " + model + " takes ("
                + rule.violation(wanted).orElse(rule.describe()) + "); sent " + nearest.get() + ", the nearest it takes");
        return nearest.get();
    }

    private static ResponseFormat responseFormat(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("url")) {
            return ResponseFormat.URL;
        }
        if (v.equals("b64_json") || v.equals("base64") || v.equals("b64")) {
            return ResponseFormat.B64_JSON;
        }
        throw new InvalidRequestException("response_format", "response format '" + value
                + "' is not one of url, b64_json");
    }

    private static ImageInput input(Media media) {
        Object data = media.getData();
        String ext = media.getMimeType() == null ? "png" : media.getMimeType().getSubtype();
        if (data instanceof byte[]) {
            return ImageInput.of((byte[]) data, (media.getName() == null ? "image" : media.getName()) + "." + ext);
        }
        if (data instanceof URI || data instanceof String) {
            return ImageInput.ofUrl(URI.create(data.toString()));
        }
        return ImageInput.of(media.getDataAsByteArray(), "image." + ext);
    }

    private static ImageResponse toResponse(ImageResult r, List<String> bridgeWarnings) {
        List<ImageGeneration> generations = new ArrayList<>();
        for (GeneratedImage img : r.images()) {
            String url = img.url().map(URI::toString).orElse(null);
            String b64 = Base64.getEncoder().encodeToString(img.bytes());
            generations.add(new ImageGeneration(new Image(url, b64),
                    new GeneratedImageMetadata(img.revisedPrompt().orElse(null), img.mimeType())));
        }
        Long created = r.created().map(i -> i.getEpochSecond()).orElse(null);
        ImageResponseMetadata md = new ImageResponseMetadata(created);
        r.usage().ifPresent(u -> md.setUsage(new DefaultUsage(Math.toIntExact(u.inputTokens()),
                Math.toIntExact(u.outputTokens()), Math.toIntExact(u.totalTokens()), u)));
        md.put(PROVIDER, r.providerId());
        md.put(MODEL, r.model().value());
        md.put(WIRE_MODEL, r.wireModel());
        r.requestId().ifPresent(id -> md.put(REQUEST_ID, id));
        r.usage().ifPresent(u -> md.put(USAGE, u));
        r.cost().ifPresent(c -> {
            md.put(COST, c);
            md.put(COST_AMOUNT, c.amount());
            md.put(COST_CURRENCY, c.currency());
            md.put(COST_ESTIMATED, c.isEstimated());
        });
        r.size().ifPresent(s -> md.put(SIZE, s.toString()));
        List<String> warnings = new ArrayList<>(bridgeWarnings);
        warnings.addAll(r.warnings());
        md.put(WARNINGS, List.copyOf(warnings));
        md.put(LATENCY_MS, r.latency().toMillis());
        return new ImageResponse(generations, md);
    }

    @Override
    public String toString() {
        return "ImageGeneratorSpringAiImageModel[" + generator.providerId() + "]";
    }

    /** Builds an {@link ImageGeneratorSpringAiImageModel}; not thread-safe. */
    public static final class Builder {
        private final ImageGenerator generator;
        private ImageRequest defaults = ImageRequest.template().build();

        private Builder(ImageGenerator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        /**
         * Request defaults (an {@link ImageRequest#template()}): model, quality, background, format, ... Options
         * in a prompt override them. Default none (the generator's own defaults apply).
         */
        public Builder defaults(ImageRequest defaults) {
            this.defaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /** The model. */
        public ImageGeneratorSpringAiImageModel build() {
            return new ImageGeneratorSpringAiImageModel(this);
        }
    }
}
