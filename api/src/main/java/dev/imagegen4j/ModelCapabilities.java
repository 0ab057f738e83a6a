package dev.imagegen4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What one model supports and the rules its requests must follow: operations, maximum {@code n}, prompt length,
 * sizes, the values of each request option (by wire name: {@code quality}, {@code output_format},
 * {@code frame_count}, ...), rules that depend on the output format (GIF: no mask), upload limits and
 * {@linkplain Lifecycle lifecycle}. The {@link ModelCatalog} holds one per known model, read from its data file;
 * providers narrow them to what their service takes (Azure: no webp) with {@link #toBuilder()} and
 * {@link Builder#narrowedBy(String)}, so messages blame the vendor, not the model, for a vendor's limit.
 *
 * <p>{@link #validate(ImageRequest, ModelId)} checks a request before anything is sent. Immutable and thread-safe.
 */
public final class ModelCapabilities {

    /** 50 MB, OpenAI's per-image limit for gpt-image edits. */
    public static final long MB_50 = 50L * 1024 * 1024;
    /** 4 MB, the mask limit and DALL·E 2's image limit. */
    public static final long MB_4 = 4L * 1024 * 1024;

    /** Wire names of the options with a typed field on {@link ImageRequest}. */
    static final String QUALITY = "quality";
    static final String OUTPUT_FORMAT = "output_format";
    static final String BACKGROUND = "background";
    static final String MODERATION = "moderation";
    static final String INPUT_FIDELITY = "input_fidelity";
    static final String STYLE = "style";
    static final String RESPONSE_FORMAT = "response_format";
    static final String COMPLEXITY = "complexity";
    static final String SAFETY_IDENTIFIER = "safety_identifier";
    static final String OUTPUT_COMPRESSION = "output_compression";
    static final String PARTIAL_IMAGES = "partial_images";
    static final String ASPECT_RATIO = "aspect_ratio";
    static final String RESOLUTION = "resolution";
    static final String SEED = "seed";

    private final String family;
    private final Set<ImageOperation> operations;
    private final boolean mask;
    private final boolean markup;
    private final boolean streaming;
    private final boolean imageReferences;
    private final int maxN;
    private final int maxPromptLength;
    private final SizeRule sizeRule;
    private final Map<String, OptionRule> options;
    private final Map<String, FormatRule> formatRules;
    private final int maxReferenceImages;
    private final long maxImageBytes;
    private final long maxMaskBytes;
    private final Set<String> inputMimeTypes;
    private final boolean squareInputs;
    private final Map<String, Long> imageOutputTokens;
    private final Lifecycle lifecycle;
    private final List<String> notes;
    private final String narrowedBy;
    private final ModelCapabilities origin;
    /**
     * The parsed value sets by option, computed on first use (callers ask on every request). A race computes
     * an equal set twice; the sets are immutable, and the map is safely published.
     */
    private final java.util.concurrent.ConcurrentMap<String, Set<?>> parsedValues =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Rules that apply when the output format is one value ({@code gif}, {@code svg}); a null field means "as the
     * model". Immutable.
     *
     * @param operations the operations this format allows, or null for the model's
     * @param maxN       the most images per request in this format, or null for the model's
     * @param streaming  whether this format streams partial images, or null for the model's
     * @param mask       whether edits in this format take a mask, or null for the model's
     * @param ignored    options this format does not take (ignored with a warning, never sent), e.g.
     *                   {@code output_compression}
     */
    public record FormatRule(Set<ImageOperation> operations, Integer maxN, Boolean streaming, Boolean mask,
            Set<String> ignored) {

        /** Copies the sets. */
        public FormatRule {
            operations = operations == null ? null : Collections.unmodifiableSet(EnumSet.copyOf(operations));
            ignored = ignored == null ? Set.of() : Set.copyOf(ignored);
            if (maxN != null && maxN < 1) {
                throw new IllegalArgumentException("a format rule's max-n must be at least 1: " + maxN);
            }
        }
    }

    private ModelCapabilities(Builder b) {
        this.family = Objects.requireNonNull(b.family, "family");
        this.operations = Collections.unmodifiableSet(EnumSet.copyOf(b.operations));
        this.mask = b.mask;
        this.markup = b.markup;
        this.streaming = b.streaming;
        this.imageReferences = b.imageReferences;
        this.maxN = b.maxN;
        this.maxPromptLength = b.maxPromptLength;
        this.sizeRule = Objects.requireNonNull(b.sizeRule, "sizeRule");
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
        this.formatRules = Collections.unmodifiableMap(new LinkedHashMap<>(b.formatRules));
        this.maxReferenceImages = b.maxReferenceImages;
        this.maxImageBytes = b.maxImageBytes;
        this.maxMaskBytes = b.maxMaskBytes;
        this.inputMimeTypes = Collections.unmodifiableSet(new LinkedHashSet<>(b.inputMimeTypes));
        this.squareInputs = b.squareInputs;
        this.imageOutputTokens = Map.copyOf(b.imageOutputTokens);
        this.lifecycle = b.lifecycle;
        this.notes = List.copyOf(b.notes);
        this.narrowedBy = b.narrowedBy;
        this.origin = b.narrowedBy == null ? null : b.origin;
    }

    /** A builder with nothing supported; see the catalog data file for complete examples. */
    public static Builder builder(String family) {
        return new Builder(family);
    }

    /** A builder holding these capabilities, to narrow or extend them. */
    public Builder toBuilder() {
        Builder b = new Builder(family);
        b.operations = EnumSet.copyOf(operations);
        b.mask = mask;
        b.markup = markup;
        b.streaming = streaming;
        b.imageReferences = imageReferences;
        b.maxN = maxN;
        b.maxPromptLength = maxPromptLength;
        b.sizeRule = sizeRule;
        b.options = new LinkedHashMap<>(options);
        b.formatRules = new LinkedHashMap<>(formatRules);
        b.maxReferenceImages = maxReferenceImages;
        b.maxImageBytes = maxImageBytes;
        b.maxMaskBytes = maxMaskBytes;
        b.inputMimeTypes = new LinkedHashSet<>(inputMimeTypes);
        b.squareInputs = squareInputs;
        b.imageOutputTokens = new LinkedHashMap<>(imageOutputTokens);
        b.lifecycle = lifecycle;
        b.notes = new ArrayList<>(notes);
        b.narrowedBy = narrowedBy;
        b.origin = origin != null ? origin : this;
        return b;
    }

    /** The model family, e.g. {@code gpt-image} or {@code dall-e}. */
    public String family() {
        return family;
    }

    /** The operations the model takes. */
    public Set<ImageOperation> operations() {
        return operations;
    }

    /** Whether the model takes {@code op}. */
    public boolean supports(ImageOperation op) {
        return operations.contains(op);
    }

    /** Whether edits may carry a mask. */
    public boolean supportsMask() {
        return mask;
    }

    /** Whether edits may carry a markup overlay (GPT Image 2.6 markup-guided edits). */
    public boolean supportsMarkup() {
        return markup;
    }

    /** Whether partial images can be streamed. */
    public boolean supportsStreaming() {
        return streaming;
    }

    /** Whether reference images may be URLs or file ids ({@link ImageInput#ofUrl}, {@link ImageInput#ofFileId}). */
    public boolean supportsImageReferences() {
        return imageReferences;
    }

    /** The most images one request may ask for. */
    public int maxN() {
        return maxN;
    }

    /** The longest prompt in characters. */
    public int maxPromptLength() {
        return maxPromptLength;
    }

    /** Which sizes the model takes. */
    public SizeRule sizeRule() {
        return sizeRule;
    }

    /** The rules of each option the model takes, by wire name; an absent option is one the model does not take. */
    public Map<String, OptionRule> options() {
        return options;
    }

    /** The rule of option {@code wireName}, if the model takes it. */
    public Optional<OptionRule> option(String wireName) {
        return Optional.ofNullable(options.get(wireName));
    }

    /** Rules by output format ({@code gif}, {@code svg}). */
    public Map<String, FormatRule> formatRules() {
        return formatRules;
    }

    /** The rule for {@code format}, if it has one. */
    public Optional<FormatRule> formatRule(OutputFormat format) {
        return Optional.ofNullable(formatRules.get(format.wireValue()));
    }

    /** The qualities the model takes (empty when it has no quality option). */
    public Set<Quality> qualities() {
        return values(QUALITY, Quality::of);
    }

    /** The selectable output formats; empty when the format is fixed (DALL·E returns PNG). */
    public Set<OutputFormat> outputFormats() {
        return values(OUTPUT_FORMAT, OutputFormat::of);
    }

    /** The backgrounds the model takes; empty when it has no background option. */
    public Set<Background> backgrounds() {
        return values(BACKGROUND, Background::of);
    }

    /** The complexities the model takes; empty when it has no complexity option (before GPT Image 2.6). */
    public Set<Complexity> complexities() {
        return values(COMPLEXITY, Complexity::of);
    }

    @SuppressWarnings("unchecked")
    private <T> Set<T> values(String option, Function<String, T> parse) {
        Set<?> cached = parsedValues.get(option);
        if (cached != null) {
            return (Set<T>) cached;
        }
        Set<T> computed = parse(option, parse);
        parsedValues.putIfAbsent(option, computed);
        return computed;
    }

    private <T> Set<T> parse(String option, Function<String, T> parse) {
        OptionRule r = options.get(option);
        if (r == null || r.values().isEmpty()) {
            return Set.of();
        }
        Set<T> out = new LinkedHashSet<>();
        r.values().get().forEach(v -> out.add(parse.apply(v)));
        return Collections.unmodifiableSet(out);
    }

    /** Whether the moderation option applies. */
    public boolean supportsModeration() {
        return options.containsKey(MODERATION);
    }

    /** Whether the input-fidelity option applies to edits. */
    public boolean supportsInputFidelity() {
        return options.containsKey(INPUT_FIDELITY);
    }

    /** Whether the style option applies (DALL·E 3). */
    public boolean supportsStyle() {
        return options.containsKey(STYLE);
    }

    /** Whether the response-format option applies (DALL·E). */
    public boolean supportsResponseFormat() {
        return options.containsKey(RESPONSE_FORMAT);
    }

    /** Whether {@code safety_identifier} is sent. */
    public boolean supportsSafetyIdentifier() {
        return options.containsKey(SAFETY_IDENTIFIER);
    }

    /** The most reference images of an edit. */
    public int maxReferenceImages() {
        return maxReferenceImages;
    }

    /** The largest reference image in bytes. */
    public long maxImageBytes() {
        return maxImageBytes;
    }

    /** The largest mask in bytes. */
    public long maxMaskBytes() {
        return maxMaskBytes;
    }

    /** The MIME types reference images may have. */
    public Set<String> inputMimeTypes() {
        return inputMimeTypes;
    }

    /** Whether reference images must be square (DALL·E 2). */
    public boolean requiresSquareInputs() {
        return squareInputs;
    }

    /**
     * The output tokens one image costs, per resolution tier ({@code 1K}, {@code 2K}, {@code 4K}), for a model that
     * bills images by tier (Gemini: 1120, 1120, 2000); empty for GPT Image models, whose tokens follow from size and
     * quality. Used by {@link Usage#estimate(ImageRequest, ModelCapabilities)}.
     */
    public Map<String, Long> imageOutputTokens() {
        return imageOutputTokens;
    }

    /** Release, deprecation, shutdowns per provider, successor. */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** Notices that come with every use, e.g. "transparent backgrounds are in preview". */
    public List<String> notes() {
        return notes;
    }

    /** The vendor that narrowed these capabilities (e.g. {@code AI/ML API}), named in messages about its limits. */
    public Optional<String> narrowedBy() {
        return Optional.ofNullable(narrowedBy);
    }

    /** The capabilities before a vendor narrowed them; this object when they were not narrowed. */
    public ModelCapabilities origin() {
        return origin != null ? origin : this;
    }

    /**
     * Translates the request's shape to what this model takes: a model with an {@code aspect_ratio} option (Gemini)
     * gets a size as the nearest aspect ratio and tier it takes; a model with sizes gets an aspect ratio and/or
     * resolution tier as the nearest size its {@linkplain #sizeRule() size rule} allows. Each translation is
     * reported to {@code note} (it goes into the result's warnings, so the chosen size is visible).
     *
     * @return the request to validate and send (this request when nothing needed translating)
     */
    public ImageRequest adaptShape(ImageRequest request, java.util.function.Consumer<String> note) {
        return ShapeAdapter.adapt(this, request, note);
    }

    /**
     * Checks {@code request} against these rules before anything is sent. This is the exact check: every rule
     * broken is an error. {@link ModelCatalog#validate} is the check providers use: it also handles models whose
     * rules were inferred (warnings instead of errors) and names the models that take a refused value.
     *
     * @param request the request, with generator defaults already applied
     * @param model   the model's id, for messages
     * @return warnings about options the model ignores (not sent), and notices; empty when all is well
     * @throws InvalidRequestException for the first rule broken (naming the parameter, the value and the rule),
     *                                 or in strict mode for the first ignored option
     */
    public List<String> validate(ImageRequest request, ModelId model) {
        return new RequestValidator(this, model, request, null, RequestValidator.Hints.NONE).run();
    }

    @Override
    public String toString() {
        return "ModelCapabilities[" + family + ", operations=" + operations + ", maxN=" + maxN + ", sizes="
                + sizeRule.describe() + ", options=" + options.keySet() + "]";
    }

    /** Builds {@link ModelCapabilities}; not thread-safe. */
    public static final class Builder {
        private String family;
        private EnumSet<ImageOperation> operations = EnumSet.noneOf(ImageOperation.class);
        private boolean mask;
        private boolean markup;
        private boolean streaming;
        private boolean imageReferences;
        private int maxN = 1;
        private int maxPromptLength = 1000;
        private SizeRule sizeRule;
        private Map<String, OptionRule> options = new LinkedHashMap<>();
        private Map<String, FormatRule> formatRules = new LinkedHashMap<>();
        private int maxReferenceImages = ImageRequest.MAX_REFERENCE_IMAGES;
        private long maxImageBytes = MB_50;
        private long maxMaskBytes = MB_4;
        private Set<String> inputMimeTypes = new LinkedHashSet<>(List.of("image/png", "image/jpeg", "image/webp"));
        private boolean squareInputs;
        private Map<String, Long> imageOutputTokens = new LinkedHashMap<>();
        private Lifecycle lifecycle = Lifecycle.UNKNOWN;
        private List<String> notes = new ArrayList<>();
        private String narrowedBy;
        private ModelCapabilities origin;

        private Builder(String family) {
            this.family = Objects.requireNonNull(family, "family");
        }

        /** The family ({@code gpt-image}, {@code dall-e}): unknown ids of a family borrow its newest model's rules. */
        public Builder family(String family) {
            this.family = Objects.requireNonNull(family, "family");
            return this;
        }

        /** The operations. Default none. */
        public Builder operations(ImageOperation... ops) {
            operations = EnumSet.noneOf(ImageOperation.class);
            operations.addAll(List.of(ops));
            return this;
        }

        /** Whether edits take a mask. Default false. */
        public Builder mask(boolean mask) {
            this.mask = mask;
            return this;
        }

        /** Whether edits take a markup overlay. Default false. */
        public Builder markup(boolean markup) {
            this.markup = markup;
            return this;
        }

        /** Whether streaming works. Default false. */
        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        /** Whether reference images may be URLs or file ids (JSON edits). Default false. */
        public Builder imageReferences(boolean imageReferences) {
            this.imageReferences = imageReferences;
            return this;
        }

        /** The most images per request. Default 1. */
        public Builder maxN(int maxN) {
            if (maxN < 1) {
                throw new IllegalArgumentException("maxN must be at least 1: " + maxN);
            }
            this.maxN = maxN;
            return this;
        }

        /** The longest prompt. Default 1000. */
        public Builder maxPromptLength(int maxPromptLength) {
            if (maxPromptLength < 1) {
                throw new IllegalArgumentException("maxPromptLength must be at least 1: " + maxPromptLength);
            }
            this.maxPromptLength = maxPromptLength;
            return this;
        }

        /** The size rule (required). */
        public Builder sizeRule(SizeRule sizeRule) {
            this.sizeRule = sizeRule;
            return this;
        }

        /** Sets the rule of option {@code wireName} ({@code quality}, {@code frame_count}, ...); null removes it. */
        public Builder option(String wireName, OptionRule rule) {
            Objects.requireNonNull(wireName, "wireName");
            if (rule == null) {
                options.remove(wireName);
            } else {
                options.put(wireName, rule);
            }
            return this;
        }

        /** Sets the rule for output format {@code format}; null removes it. */
        public Builder formatRule(String format, FormatRule rule) {
            Objects.requireNonNull(format, "format");
            if (rule == null) {
                formatRules.remove(format);
            } else {
                formatRules.put(format, rule);
            }
            return this;
        }

        /** The qualities; none removes the option. */
        public Builder qualities(Quality... qualities) {
            return values(QUALITY, qualities);
        }

        /** The selectable formats; none means the format is fixed (png). */
        public Builder outputFormats(OutputFormat... formats) {
            return values(OUTPUT_FORMAT, formats);
        }

        /** The backgrounds; none means no background option. */
        public Builder backgrounds(Background... backgrounds) {
            return values(BACKGROUND, backgrounds);
        }

        /** The complexities; none means no complexity option. */
        public Builder complexities(Complexity... complexities) {
            return values(COMPLEXITY, complexities);
        }

        private Builder values(String option, WireValue... values) {
            if (values.length == 0) {
                return option(option, null);
            }
            List<String> v = new ArrayList<>();
            for (WireValue w : values) {
                v.add(w.wireValue());
            }
            return option(option, OptionRule.oneOf(v));
        }

        /** Whether moderation ({@code auto}, {@code low}) applies. Default false. */
        public Builder moderation(boolean moderation) {
            return option(MODERATION, moderation ? OptionRule.oneOf("auto", "low") : null);
        }

        /** Whether input fidelity ({@code low}, {@code high}) applies to edits. Default false. */
        public Builder inputFidelity(boolean inputFidelity) {
            return option(INPUT_FIDELITY, inputFidelity ? OptionRule.oneOf("low", "high") : null);
        }

        /** Whether style ({@code vivid}, {@code natural}) applies. Default false. */
        public Builder style(boolean style) {
            return option(STYLE, style ? OptionRule.oneOf("vivid", "natural") : null);
        }

        /** Whether response format ({@code url}, {@code b64_json}) applies. Default false. */
        public Builder responseFormat(boolean responseFormat) {
            return option(RESPONSE_FORMAT, responseFormat ? OptionRule.oneOf("url", "b64_json") : null);
        }

        /** The most reference images. Default 16. */
        public Builder maxReferenceImages(int max) {
            this.maxReferenceImages = max;
            return this;
        }

        /** The largest reference image. Default 50 MB. */
        public Builder maxImageBytes(long max) {
            this.maxImageBytes = max;
            return this;
        }

        /** The largest mask. Default 4 MB. */
        public Builder maxMaskBytes(long max) {
            this.maxMaskBytes = max;
            return this;
        }

        /** The MIME types of reference images. Default png, jpeg, webp. */
        public Builder inputMimeTypes(String... mimeTypes) {
            this.inputMimeTypes = new LinkedHashSet<>(List.of(mimeTypes));
            return this;
        }

        /** Whether reference images must be square (DALL·E 2). Default false. */
        public Builder squareInputs(boolean squareInputs) {
            this.squareInputs = squareInputs;
            return this;
        }

        /**
         * The output tokens of one image per resolution tier ({@code 1K} ...), for models billed by tier. Default
         * none.
         *
         * @throws IllegalArgumentException for a count below 1
         */
        public Builder imageOutputTokens(Map<String, Long> tokensByTier) {
            Map<String, Long> copy = new LinkedHashMap<>();
            tokensByTier.forEach((tier, tokens) -> {
                if (tokens == null || tokens < 1) {
                    throw new IllegalArgumentException("image output tokens of tier " + tier + " must be at least 1: "
                            + tokens);
                }
                copy.put(tier.toUpperCase(java.util.Locale.ROOT), tokens);
            });
            this.imageOutputTokens = copy;
            return this;
        }

        /** The lifecycle. Default {@link Lifecycle#UNKNOWN}. */
        public Builder lifecycle(Lifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
            return this;
        }

        /** Adds a notice. */
        public Builder note(String note) {
            notes.add(Objects.requireNonNull(note, "note"));
            return this;
        }

        /** Replaces the notices. */
        public Builder notes(List<String> notes) {
            this.notes = new ArrayList<>(notes);
            return this;
        }

        /**
         * Marks these capabilities as narrowed by {@code vendor} (e.g. {@code AI/ML API}): a request the original
         * capabilities allow but these refuse is blamed on the vendor in messages.
         */
        public Builder narrowedBy(String vendor) {
            this.narrowedBy = vendor;
            return this;
        }

        /**
         * The capabilities.
         *
         * @throws IllegalStateException if no size rule or no operation was given
         */
        public ModelCapabilities build() {
            if (sizeRule == null) {
                throw new IllegalStateException("sizeRule is required");
            }
            if (operations.isEmpty()) {
                throw new IllegalStateException("at least one operation is required");
            }
            return new ModelCapabilities(this);
        }
    }
}
