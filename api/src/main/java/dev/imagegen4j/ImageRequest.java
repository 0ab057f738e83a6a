package dev.imagegen4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One request type for generation and edits. With no reference images it is a text-to-image
 * generation; with 1..16 {@linkplain #images() reference images} it is an edit; with a
 * {@linkplain #mask() mask} it is an inpainting edit (the mask applies to the first image).
 *
 * <p>Every option is optional: an unset option takes the generator's default (see
 * {@link #withDefaults(ImageRequest)}), and otherwise the vendor's. {@link Builder#build()} checks the
 * rules that hold for every model (a prompt, {@code n >= 1}, compression 0..100, partial images 0..3,
 * at most 16 reference images, a mask only with an image); the rules of a particular model are
 * checked by {@link ModelCapabilities#validate} before anything is sent.
 *
 * <p>Options that only one vendor has go in {@link #providerOptions()}, keyed by provider id, and are
 * passed through verbatim. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * ImageRequest request = ImageRequest.builder()
 *     .prompt("a lighthouse at dusk, watercolor")
 *     .model(ModelId.GPT_IMAGE_2)
 *     .size("1536x864")
 *     .quality(Quality.MEDIUM)
 *     .outputFormat(OutputFormat.WEBP)
 *     .build();
 * }</pre>
 */
public final class ImageRequest {

    /** The most reference images an edit may carry. */
    public static final int MAX_REFERENCE_IMAGES = 16;

    /**
     * Wire names a {@linkplain #params() param} may not use, because a typed field covers them and validation
     * checks it, mapped to the builder method (and CLI option) to use instead.
     */
    public static final Map<String, String> RESERVED_PARAMS = reservedParams();

    private static Map<String, String> reservedParams() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", "model(...) / --model");
        m.put("prompt", "prompt(...) / the PROMPT argument");
        m.put("n", "n(...) / -n");
        m.put("size", "size(...) / --size");
        m.put("quality", "quality(...) / --quality");
        m.put("background", "background(...) / --background");
        m.put("output_format", "outputFormat(...) / --format");
        m.put("output_compression", "outputCompression(...) / --compression");
        m.put("moderation", "moderation(...) / --moderation");
        m.put("input_fidelity", "inputFidelity(...)");
        m.put("partial_images", "partialImages(...) / --stream");
        m.put("stream", "partialImages(...) / --stream");
        m.put("style", "style(...)");
        m.put("response_format", "responseFormat(...)");
        m.put("complexity", "complexity(...) / --complexity");
        m.put("safety_identifier", "safetyIdentifier(...)");
        m.put("user", "user(...)");
        m.put("aspect_ratio", "aspectRatio(...) / --aspect-ratio");
        m.put("aspectRatio", "aspectRatio(...) / --aspect-ratio");
        m.put("resolution", "resolution(...) / --resolution");
        m.put("seed", "seed(...) / --seed");
        m.put("image", "image(...) / --image");
        m.put("image[]", "image(...) / --image");
        m.put("images", "image(...) / --image");
        m.put("mask", "mask(...) / --mask");
        m.put("markup", "markup(...) / --markup");
        return Collections.unmodifiableMap(m);
    }

    private final String prompt;
    private final ModelId model;
    private final Integer n;
    private final ImageSize size;
    private final Quality quality;
    private final Background background;
    private final OutputFormat outputFormat;
    private final Integer outputCompression;
    private final Moderation moderation;
    private final InputFidelity inputFidelity;
    private final Integer partialImages;
    private final String user;
    private final Style style;
    private final ResponseFormat responseFormat;
    private final Complexity complexity;
    private final String safetyIdentifier;
    private final AspectRatio aspectRatio;
    private final ResolutionTier resolution;
    private final Long seed;
    private final List<ImageInput> images;
    private final ImageInput mask;
    private final ImageInput markup;
    private final Map<String, Object> params;
    private final boolean variation;
    private final Map<String, Map<String, Object>> providerOptions;
    private final ImageSink sink;
    private final Boolean strict;

    private ImageRequest(Builder b) {
        this.prompt = b.prompt;
        this.model = b.model;
        this.n = b.n;
        this.size = b.size;
        this.quality = b.quality;
        this.background = b.background;
        this.outputFormat = b.outputFormat;
        this.outputCompression = b.outputCompression;
        this.moderation = b.moderation;
        this.inputFidelity = b.inputFidelity;
        this.partialImages = b.partialImages;
        this.user = b.user;
        this.style = b.style;
        this.responseFormat = b.responseFormat;
        this.complexity = b.complexity;
        this.safetyIdentifier = b.safetyIdentifier;
        this.aspectRatio = b.aspectRatio;
        this.resolution = b.resolution;
        this.seed = b.seed;
        this.images = List.copyOf(b.images);
        this.mask = b.mask;
        this.markup = b.markup;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.variation = b.variation;
        Map<String, Map<String, Object>> opts = new LinkedHashMap<>();
        b.providerOptions.forEach((k, v) -> opts.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        this.providerOptions = Collections.unmodifiableMap(opts);
        this.sink = b.sink;
        this.strict = b.strict;
    }

    /** A builder for a request; {@link Builder#build()} requires a prompt (except for variations). */
    public static Builder builder() {
        return new Builder(false);
    }

    /**
     * A builder for a defaults template: the same options without a prompt or images, for
     * generator-level defaults ({@code OpenAiImageGenerator.builder().defaults(template)}).
     */
    public static Builder template() {
        return new Builder(true);
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        Builder b = new Builder(prompt == null && images.isEmpty() && !variation);
        b.prompt = prompt;
        b.model = model;
        b.n = n;
        b.size = size;
        b.quality = quality;
        b.background = background;
        b.outputFormat = outputFormat;
        b.outputCompression = outputCompression;
        b.moderation = moderation;
        b.inputFidelity = inputFidelity;
        b.partialImages = partialImages;
        b.user = user;
        b.style = style;
        b.responseFormat = responseFormat;
        b.complexity = complexity;
        b.safetyIdentifier = safetyIdentifier;
        b.aspectRatio = aspectRatio;
        b.resolution = resolution;
        b.seed = seed;
        b.images.addAll(images);
        b.mask = mask;
        b.markup = markup;
        b.params.putAll(params);
        b.variation = variation;
        providerOptions.forEach((k, v) -> b.providerOptions.put(k, new LinkedHashMap<>(v)));
        b.sink = sink;
        b.strict = strict;
        return b;
    }

    /**
     * This request with every unset option taken from {@code defaults}; options set here win.
     * Provider options and {@linkplain #params() params} are merged per key. Prompt, images, mask, markup and sink
     * are never taken from defaults.
     */
    public ImageRequest withDefaults(ImageRequest defaults) {
        if (defaults == null) {
            return this;
        }
        Builder b = toBuilder();
        b.model = model != null ? model : defaults.model;
        b.n = n != null ? n : defaults.n;
        // size and aspect ratio/resolution are alternatives: the request's choice of one keeps the defaults' other out
        boolean ownShape = size != null || aspectRatio != null || resolution != null;
        b.size = ownShape ? size : defaults.size;
        b.aspectRatio = ownShape ? aspectRatio : defaults.aspectRatio;
        b.resolution = ownShape ? resolution : defaults.resolution;
        b.seed = seed != null ? seed : defaults.seed;
        b.quality = quality != null ? quality : defaults.quality;
        b.background = background != null ? background : defaults.background;
        b.outputFormat = outputFormat != null ? outputFormat : defaults.outputFormat;
        b.outputCompression = outputCompression != null ? outputCompression : defaults.outputCompression;
        b.moderation = moderation != null ? moderation : defaults.moderation;
        b.inputFidelity = inputFidelity != null ? inputFidelity : defaults.inputFidelity;
        b.partialImages = partialImages != null ? partialImages : defaults.partialImages;
        b.user = user != null ? user : defaults.user;
        b.style = style != null ? style : defaults.style;
        b.responseFormat = responseFormat != null ? responseFormat : defaults.responseFormat;
        b.complexity = complexity != null ? complexity : defaults.complexity;
        b.safetyIdentifier = safetyIdentifier != null ? safetyIdentifier : defaults.safetyIdentifier;
        Map<String, Object> mergedParams = new LinkedHashMap<>(defaults.params);
        mergedParams.putAll(params);
        b.params.clear();
        b.params.putAll(mergedParams);
        b.strict = strict != null ? strict : defaults.strict;
        defaults.providerOptions.forEach((provider, opts) -> {
            Map<String, Object> merged = new LinkedHashMap<>(opts);
            merged.putAll(b.providerOptions.getOrDefault(provider, Map.of()));
            b.providerOptions.put(provider, merged);
        });
        return b.buildUnchecked();
    }

    /** What this request asks for: a generation, an edit or a variation. */
    public ImageOperation operation() {
        if (variation) {
            return ImageOperation.VARIATION;
        }
        return images.isEmpty() ? ImageOperation.GENERATE : ImageOperation.EDIT;
    }

    /** The prompt (absent only for variations and templates). */
    public Optional<String> prompt() {
        return Optional.ofNullable(prompt);
    }

    /** The logical model; unset means the generator's default model. */
    public Optional<ModelId> model() {
        return Optional.ofNullable(model);
    }

    /** How many images; unset means 1. */
    public OptionalInt n() {
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** The number of images asked for: {@link #n()} or 1. */
    public int count() {
        return n == null ? 1 : n;
    }

    /** The size; unset means the vendor's default ({@code auto} for gpt-image generations). */
    public Optional<ImageSize> size() {
        return Optional.ofNullable(size);
    }

    /** The quality; unset means the vendor's default. */
    public Optional<Quality> quality() {
        return Optional.ofNullable(quality);
    }

    /** The background; unset means {@code auto}. */
    public Optional<Background> background() {
        return Optional.ofNullable(background);
    }

    /** The output format; unset means {@code png}. */
    public Optional<OutputFormat> outputFormat() {
        return Optional.ofNullable(outputFormat);
    }

    /** The output compression 0..100 for jpeg and webp; unset means 100. */
    public OptionalInt outputCompression() {
        return outputCompression == null ? OptionalInt.empty() : OptionalInt.of(outputCompression);
    }

    /** The moderation level; unset means {@code auto}. */
    public Optional<Moderation> moderation() {
        return Optional.ofNullable(moderation);
    }

    /** The input fidelity of an edit; unset means the vendor's default. */
    public Optional<InputFidelity> inputFidelity() {
        return Optional.ofNullable(inputFidelity);
    }

    /** How many partial images to stream (0..3); unset means 0. */
    public OptionalInt partialImages() {
        return partialImages == null ? OptionalInt.empty() : OptionalInt.of(partialImages);
    }

    /** The end-user id for the vendor's abuse monitoring. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The DALL·E 3 style. */
    public Optional<Style> style() {
        return Optional.ofNullable(style);
    }

    /** The DALL·E response format. */
    public Optional<ResponseFormat> responseFormat() {
        return Optional.ofNullable(responseFormat);
    }

    /** How much detail GPT Image 2.6 and later put in (separate from quality); unset means the vendor's default. */
    public Optional<Complexity> complexity() {
        return Optional.ofNullable(complexity);
    }

    /**
     * A stable, hashed identifier of the end user ({@code safety_identifier}), which OpenAI asks for on every image
     * request to attribute abuse to one user rather than to your whole organisation. {@link #user()} is the legacy field.
     */
    public Optional<String> safetyIdentifier() {
        return Optional.ofNullable(safetyIdentifier);
    }

    /**
     * Parameters imagegen4j has no name for yet, by their wire name, sent as given: a vendor's new knob is usable the
     * day it ships ({@code frame_count}, ...). Values are strings, numbers, booleans, lists or maps. If the model's
     * catalog entry knows the parameter, its rule is checked before sending; a parameter it does not know is sent
     * unchecked. A param can never replace a field imagegen4j validates ({@link #RESERVED_PARAMS}).
     */
    public Map<String, Object> params() {
        return params;
    }

    /**
     * The aspect ratio, the portable alternative to {@link #size()}: taken as it is by vendors without sizes
     * (Gemini), mapped to the nearest size the model takes elsewhere (the chosen size is in the result).
     */
    public Optional<AspectRatio> aspectRatio() {
        return Optional.ofNullable(aspectRatio);
    }

    /** The resolution tier ({@code 1K}, {@code 2K}, {@code 4K}), used with {@link #aspectRatio()} like it. */
    public Optional<ResolutionTier> resolution() {
        return Optional.ofNullable(resolution);
    }

    /** The random seed, where a vendor has one (Gemini); a warning elsewhere. */
    public java.util.OptionalLong seed() {
        return seed == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(seed);
    }

    /** The reference images of an edit (0..16), in order. */
    public List<ImageInput> images() {
        return images;
    }

    /** The inpainting mask, applied to the first image: fully transparent pixels mark what to edit. */
    public Optional<ImageInput> mask() {
        return Optional.ofNullable(mask);
    }

    /**
     * The markup overlay of a markup-guided edit (GPT Image 2.6): a transparent PNG with arrows, circles or notes,
     * the same size as the first reference image, separate from the {@linkplain #mask() mask}.
     */
    public Optional<ImageInput> markup() {
        return Optional.ofNullable(markup);
    }

    /** Options for one provider, passed through verbatim; empty when none were set. */
    public Map<String, Object> providerOptions(String providerId) {
        return providerOptions.getOrDefault(providerId, Map.of());
    }

    /** All provider options, keyed by provider id. */
    public Map<String, Map<String, Object>> providerOptions() {
        return providerOptions;
    }

    /** Where images go instead of memory; unset means {@code byte[]} in the result. */
    public Optional<ImageSink> sink() {
        return Optional.ofNullable(sink);
    }

    /** Whether options the model would ignore are errors rather than warnings; unset means false. */
    public Optional<Boolean> strict() {
        return Optional.ofNullable(strict);
    }

    /** Whether strict mode is on. */
    public boolean isStrict() {
        return Boolean.TRUE.equals(strict);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ImageRequest[").append(operation().name().toLowerCase());
        if (prompt != null) {
            String p = prompt.length() > 60 ? prompt.substring(0, 57) + "..." : prompt;
            sb.append(", prompt=\"").append(p).append('"');
        }
        appendIf(sb, "model", model);
        appendIf(sb, "n", n);
        appendIf(sb, "size", size);
        appendIf(sb, "quality", quality);
        appendIf(sb, "background", background);
        appendIf(sb, "format", outputFormat);
        appendIf(sb, "compression", outputCompression);
        appendIf(sb, "moderation", moderation);
        appendIf(sb, "inputFidelity", inputFidelity);
        appendIf(sb, "partialImages", partialImages);
        appendIf(sb, "style", style);
        appendIf(sb, "responseFormat", responseFormat);
        appendIf(sb, "complexity", complexity);
        appendIf(sb, "aspectRatio", aspectRatio);
        appendIf(sb, "resolution", resolution);
        appendIf(sb, "seed", seed);
        if (!params.isEmpty()) {
            sb.append(", params=").append(params.keySet());
        }
        if (!images.isEmpty()) {
            sb.append(", images=").append(images.size());
        }
        if (mask != null) {
            sb.append(", mask");
        }
        if (markup != null) {
            sb.append(", markup");
        }
        return sb.append(']').toString();
    }

    private static void appendIf(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(", ").append(name).append('=').append(value);
        }
    }

    /**
     * Builds an {@link ImageRequest}. Not thread-safe. Setters take {@code null} to unset an option.
     * {@link #build()} validates and copies, so a builder can be reused.
     */
    public static final class Builder {
        private final boolean template;
        private String prompt;
        private ModelId model;
        private Integer n;
        private ImageSize size;
        private Quality quality;
        private Background background;
        private OutputFormat outputFormat;
        private Integer outputCompression;
        private Moderation moderation;
        private InputFidelity inputFidelity;
        private Integer partialImages;
        private String user;
        private Style style;
        private ResponseFormat responseFormat;
        private Complexity complexity;
        private String safetyIdentifier;
        private AspectRatio aspectRatio;
        private ResolutionTier resolution;
        private Long seed;
        private final List<ImageInput> images = new ArrayList<>();
        private ImageInput mask;
        private ImageInput markup;
        private final Map<String, Object> params = new LinkedHashMap<>();
        private boolean variation;
        private final Map<String, Map<String, Object>> providerOptions = new LinkedHashMap<>();
        private ImageSink sink;
        private Boolean strict;

        private Builder(boolean template) {
            this.template = template;
        }

        /** The prompt: required, not blank, except for variations. */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /** The logical model. Default: the generator's default model. */
        public Builder model(ModelId model) {
            this.model = model;
            return this;
        }

        /** The logical model by id, e.g. {@code "gpt-image-2"}. */
        public Builder model(String model) {
            this.model = model == null ? null : ModelId.of(model);
            return this;
        }

        /** How many images, at least 1 (the model's maximum is checked at call time). Default 1. */
        public Builder n(Integer n) {
            this.n = n;
            return this;
        }

        /** The size. Default: the vendor's ({@code auto} for gpt-image generations). */
        public Builder size(ImageSize size) {
            this.size = size;
            return this;
        }

        /**
         * The size as text: {@code auto} or {@code WIDTHxHEIGHT}.
         *
         * @throws IllegalArgumentException if the text is neither
         */
        public Builder size(String size) {
            this.size = size == null ? null : ImageSize.parse(size);
            return this;
        }

        /** The quality. Default: the vendor's ({@code auto} on OpenAI, {@code high} on Azure). */
        public Builder quality(Quality quality) {
            this.quality = quality;
            return this;
        }

        /** The background. Default {@code auto}. {@code transparent} needs png or webp output. */
        public Builder background(Background background) {
            this.background = background;
            return this;
        }

        /** The output format. Default png. */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        /** Output compression 0..100 for jpeg and webp. Default 100. */
        public Builder outputCompression(Integer outputCompression) {
            this.outputCompression = outputCompression;
            return this;
        }

        /** Moderation level. Default {@code auto}. */
        public Builder moderation(Moderation moderation) {
            this.moderation = moderation;
            return this;
        }

        /** Input fidelity of an edit. */
        public Builder inputFidelity(InputFidelity inputFidelity) {
            this.inputFidelity = inputFidelity;
            return this;
        }

        /** Partial images to stream, 0..3. Default 0. Used by {@link ImageGenerator#generate(ImageRequest, ImageListener)}. */
        public Builder partialImages(Integer partialImages) {
            this.partialImages = partialImages;
            return this;
        }

        /** The end-user id for abuse monitoring. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The DALL·E 3 style; a warning (or an error in strict mode) for other models. */
        public Builder style(Style style) {
            this.style = style;
            return this;
        }

        /** The DALL·E response format; a warning (or an error in strict mode) for gpt-image models. */
        public Builder responseFormat(ResponseFormat responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        /** The complexity (GPT Image 2.6 and later); a warning (or an error in strict mode) for other models. */
        public Builder complexity(Complexity complexity) {
            this.complexity = complexity;
            return this;
        }

        /**
         * The aspect ratio, the portable alternative to {@link #size(ImageSize)}: Gemini takes it as it is; vendors
         * with sizes get the nearest size the model takes. Set a size or an aspect ratio, not both.
         */
        public Builder aspectRatio(AspectRatio aspectRatio) {
            this.aspectRatio = aspectRatio;
            return this;
        }

        /** The aspect ratio as text, e.g. {@code "16:9"}. @throws IllegalArgumentException if it does not parse */
        public Builder aspectRatio(String aspectRatio) {
            this.aspectRatio = aspectRatio == null ? null : AspectRatio.parse(aspectRatio);
            return this;
        }

        /** The resolution tier ({@code 1K}, {@code 2K}, {@code 4K}); with or without an aspect ratio. */
        public Builder resolution(ResolutionTier resolution) {
            this.resolution = resolution;
            return this;
        }

        /** The random seed where a vendor has one (Gemini); a warning (or an error in strict mode) elsewhere. */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        /** The end user's stable, hashed identifier ({@code safety_identifier}). */
        public Builder safetyIdentifier(String safetyIdentifier) {
            this.safetyIdentifier = safetyIdentifier;
            return this;
        }

        /**
         * A parameter imagegen4j has no name for yet, sent as given by its wire name (e.g. {@code "frame_count", 4});
         * a null value removes it. Values: String, Number, Boolean, List or Map.
         *
         * @throws IllegalArgumentException for a value of another type
         */
        public Builder param(String wireName, Object value) {
            Objects.requireNonNull(wireName, "wireName");
            if (value == null) {
                params.remove(wireName);
                return this;
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean
                    || value instanceof List || value instanceof Map)) {
                throw new IllegalArgumentException("param " + wireName + ": a " + value.getClass().getSimpleName()
                        + " cannot be sent; use a String, Number, Boolean, List or Map");
            }
            params.put(wireName, value);
            return this;
        }

        /** Replaces the params (see {@link ImageRequest#params()}). */
        public Builder params(Map<String, ?> params) {
            this.params.clear();
            params.forEach(this::param);
            return this;
        }

        /** Adds a reference image (up to 16); any image makes the request an edit. */
        public Builder image(ImageInput image) {
            images.add(Objects.requireNonNull(image, "image"));
            return this;
        }

        /** Adds a reference image file. @throws InvalidRequestException if the file cannot be read */
        public Builder image(Path file) {
            return image(ImageInput.of(file));
        }

        /** Replaces the reference images. */
        public Builder images(List<ImageInput> images) {
            this.images.clear();
            images.forEach(this::image);
            return this;
        }

        /** The inpainting mask (PNG, same dimensions as the first image). */
        public Builder mask(ImageInput mask) {
            this.mask = mask;
            return this;
        }

        /** The inpainting mask file. @throws InvalidRequestException if the file cannot be read */
        public Builder mask(Path file) {
            return mask(file == null ? null : ImageInput.of(file));
        }

        /** The markup overlay of a markup-guided edit (PNG, same dimensions as the first image). */
        public Builder markup(ImageInput markup) {
            this.markup = markup;
            return this;
        }

        /** The markup overlay file. @throws InvalidRequestException if the file cannot be read */
        public Builder markup(Path file) {
            return markup(file == null ? null : ImageInput.of(file));
        }

        /** Asks for variations of the single reference image (DALL·E 2 only); no prompt needed. */
        public Builder variation(boolean variation) {
            this.variation = variation;
            return this;
        }

        /** One option for one provider, passed through verbatim (e.g. {@code "aimlapi", "seed", 42}). */
        public Builder providerOption(String providerId, String key, Object value) {
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(key, "key");
            providerOptions.computeIfAbsent(providerId, k -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** Where the images go instead of memory. */
        public Builder sink(ImageSink sink) {
            this.sink = sink;
            return this;
        }

        /** Whether options the model would ignore are errors. Default false. */
        public Builder strict(Boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Validates the rules that hold for every model and builds the request.
         *
         * @throws InvalidRequestException naming the parameter, the value and the rule
         */
        public ImageRequest build() {
            if (template) {
                if (prompt != null || !images.isEmpty() || mask != null || markup != null || variation || sink != null) {
                    throw new InvalidRequestException("template",
                            "a defaults template takes options only (no prompt, images, mask, markup, variation or sink)");
                }
            } else if (variation) {
                if (images.size() != 1) {
                    throw new InvalidRequestException("image",
                            "a variation needs exactly one reference image (got " + images.size() + ")");
                }
                if (mask != null) {
                    throw new InvalidRequestException("mask", "a variation takes no mask");
                }
            } else if (prompt == null) {
                throw new InvalidRequestException("prompt", "prompt is required");
            } else if (prompt.isBlank()) {
                throw new InvalidRequestException("prompt", "prompt must not be blank");
            }
            if (n != null && n < 1) {
                throw new InvalidRequestException("n", "n " + n + ": must be at least 1");
            }
            if (outputCompression != null && (outputCompression < 0 || outputCompression > 100)) {
                throw new InvalidRequestException("output_compression",
                        "output compression " + outputCompression + ": must be between 0 and 100");
            }
            if (partialImages != null && (partialImages < 0 || partialImages > 3)) {
                throw new InvalidRequestException("partial_images",
                        "partial images " + partialImages + ": must be between 0 and 3");
            }
            if (images.size() > MAX_REFERENCE_IMAGES) {
                throw new InvalidRequestException("image", images.size()
                        + " reference images: at most " + MAX_REFERENCE_IMAGES + " are allowed");
            }
            if (mask != null && images.isEmpty()) {
                throw new InvalidRequestException("mask", "a mask needs a reference image to apply to");
            }
            if (markup != null && images.isEmpty()) {
                throw new InvalidRequestException("markup", "a markup overlay needs a reference image to apply to");
            }
            if (size != null && (aspectRatio != null || resolution != null)) {
                throw new InvalidRequestException("size", "size " + size + " and " + (aspectRatio != null
                        ? "aspect ratio " + aspectRatio : "resolution " + resolution) + " are alternatives: set a size, "
                        + "or an aspect ratio and/or a resolution tier");
            }
            if (safetyIdentifier != null && safetyIdentifier.isBlank()) {
                throw new InvalidRequestException("safety_identifier", "safety identifier must not be blank when set");
            }
            for (String key : params.keySet()) {
                if (key.isBlank()) {
                    throw new InvalidRequestException("params", "a param name must not be blank");
                }
                String field = RESERVED_PARAMS.get(key);
                if (field != null) {
                    throw new InvalidRequestException("params", "param '" + key + "' names a field imagegen4j "
                            + "validates; set it with " + field + " instead (params can never override it)");
                }
            }
            if (user != null && user.isBlank()) {
                throw new InvalidRequestException("user", "user must not be blank when set");
            }
            return new ImageRequest(this);
        }

        ImageRequest buildUnchecked() {
            return new ImageRequest(this);
        }
    }
}
