package dev.imagegen4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one model supports and the rules its requests must follow: operations, maximum {@code n},
 * prompt length, sizes, qualities, formats, background, moderation, input fidelity, upload limits and
 * deprecation. The {@link ModelCatalog} holds one per known model; providers narrow them to what their
 * service takes (Azure: no webp) with {@link #toBuilder()}.
 *
 * <p>{@link #validate(ImageRequest, ModelId)} checks a request before anything is sent. Immutable and
 * thread-safe.
 */
public final class ModelCapabilities {

    /** 50 MB, OpenAI's per-image limit for gpt-image edits. */
    public static final long MB_50 = 50L * 1024 * 1024;
    /** 4 MB, the mask limit and DALL·E 2's image limit. */
    public static final long MB_4 = 4L * 1024 * 1024;

    private final String family;
    private final Set<ImageOperation> operations;
    private final boolean mask;
    private final boolean streaming;
    private final int maxN;
    private final int maxPromptLength;
    private final SizeRule sizeRule;
    private final Set<Quality> qualities;
    private final Set<OutputFormat> outputFormats;
    private final Set<Background> backgrounds;
    private final boolean moderation;
    private final boolean inputFidelity;
    private final boolean style;
    private final boolean responseFormat;
    private final int maxReferenceImages;
    private final long maxImageBytes;
    private final long maxMaskBytes;
    private final Set<String> inputMimeTypes;
    private final boolean squareInputs;
    private final Deprecation deprecation;
    private final List<String> notes;

    private ModelCapabilities(Builder b) {
        this.family = Objects.requireNonNull(b.family, "family");
        this.operations = Collections.unmodifiableSet(EnumSet.copyOf(b.operations));
        this.mask = b.mask;
        this.streaming = b.streaming;
        this.maxN = b.maxN;
        this.maxPromptLength = b.maxPromptLength;
        this.sizeRule = Objects.requireNonNull(b.sizeRule, "sizeRule");
        this.qualities = Set.copyOf(b.qualities);
        this.outputFormats = Set.copyOf(b.outputFormats);
        this.backgrounds = Set.copyOf(b.backgrounds);
        this.moderation = b.moderation;
        this.inputFidelity = b.inputFidelity;
        this.style = b.style;
        this.responseFormat = b.responseFormat;
        this.maxReferenceImages = b.maxReferenceImages;
        this.maxImageBytes = b.maxImageBytes;
        this.maxMaskBytes = b.maxMaskBytes;
        this.inputMimeTypes = Set.copyOf(b.inputMimeTypes);
        this.squareInputs = b.squareInputs;
        this.deprecation = b.deprecation;
        this.notes = List.copyOf(b.notes);
    }

    /** A builder with nothing supported; see {@link ModelCatalog} for complete examples. */
    public static Builder builder(String family) {
        return new Builder(family);
    }

    /** A builder holding these capabilities, to narrow or extend them. */
    public Builder toBuilder() {
        Builder b = new Builder(family);
        b.operations = EnumSet.copyOf(operations);
        b.mask = mask;
        b.streaming = streaming;
        b.maxN = maxN;
        b.maxPromptLength = maxPromptLength;
        b.sizeRule = sizeRule;
        b.qualities = EnumSet.noneOf(Quality.class);
        b.qualities.addAll(qualities);
        b.outputFormats = EnumSet.noneOf(OutputFormat.class);
        b.outputFormats.addAll(outputFormats);
        b.backgrounds = EnumSet.noneOf(Background.class);
        b.backgrounds.addAll(backgrounds);
        b.moderation = moderation;
        b.inputFidelity = inputFidelity;
        b.style = style;
        b.responseFormat = responseFormat;
        b.maxReferenceImages = maxReferenceImages;
        b.maxImageBytes = maxImageBytes;
        b.maxMaskBytes = maxMaskBytes;
        b.inputMimeTypes = new java.util.LinkedHashSet<>(inputMimeTypes);
        b.squareInputs = squareInputs;
        b.deprecation = deprecation;
        b.notes = new ArrayList<>(notes);
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

    /** Whether partial images can be streamed. */
    public boolean supportsStreaming() {
        return streaming;
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

    /** The qualities the model takes. */
    public Set<Quality> qualities() {
        return qualities;
    }

    /** The selectable output formats; empty when the format is fixed (DALL·E returns PNG). */
    public Set<OutputFormat> outputFormats() {
        return outputFormats;
    }

    /** The backgrounds the model takes; empty when it has no background option. */
    public Set<Background> backgrounds() {
        return backgrounds;
    }

    /** Whether the moderation option applies. */
    public boolean supportsModeration() {
        return moderation;
    }

    /** Whether the input-fidelity option applies to edits. */
    public boolean supportsInputFidelity() {
        return inputFidelity;
    }

    /** Whether the style option applies (DALL·E 3). */
    public boolean supportsStyle() {
        return style;
    }

    /** Whether the response-format option applies (DALL·E). */
    public boolean supportsResponseFormat() {
        return responseFormat;
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

    /** The retirement of this model, if announced. */
    public Optional<Deprecation> deprecation() {
        return Optional.ofNullable(deprecation);
    }

    /** Notices that come with every use, e.g. "transparent backgrounds are in preview". */
    public List<String> notes() {
        return notes;
    }

    /**
     * Checks {@code request} against these rules before anything is sent.
     *
     * @param request the request, with generator defaults already applied
     * @param model   the model's id, for messages
     * @return warnings about options the model ignores (not sent), and notices; empty when all is well.
     *         {@linkplain #deprecation() Deprecation} is not reported here, because it depends on the vendor:
     *         providers that no longer serve a model say so themselves
     * @throws InvalidRequestException for the first rule broken (naming the parameter, the value and the
     *                                 rule), or in strict mode for the first ignored option
     */
    public List<String> validate(ImageRequest request, ModelId model) {
        List<String> ignored = new ArrayList<>();
        ImageOperation op = request.operation();
        if (!supports(op)) {
            throw new InvalidRequestException(op == ImageOperation.EDIT ? "image" : "operation",
                    opName(op) + ": " + model + " does not support " + opName(op) + "s (it takes: "
                            + operations.stream().map(ModelCapabilities::opName).collect(Collectors.joining(", "))
                            + ")");
        }
        request.prompt().ifPresent(p -> {
            if (p.length() > maxPromptLength) {
                throw new InvalidRequestException("prompt", String.format(
                        "prompt of %,d characters: %s takes at most %,d", p.length(), model, maxPromptLength));
            }
        });
        if (request.count() > maxN) {
            throw new InvalidRequestException("n", "n " + request.count() + ": " + model
                    + (maxN == 1 ? " takes only 1 image per request" : " takes 1 to " + maxN));
        }
        request.size().ifPresent(s -> sizeRule.violation(s).ifPresent(why -> {
            throw new InvalidRequestException("size", "size " + s + " for " + model + ": " + why);
        }));
        request.quality().ifPresent(q -> {
            if (!qualities.contains(q)) {
                throw new InvalidRequestException("quality", "quality " + q + " for " + model + ": not one of "
                        + join(qualities));
            }
        });
        OutputFormat format = request.outputFormat().orElse(OutputFormat.PNG);
        if (request.outputFormat().isPresent()) {
            if (outputFormats.isEmpty()) {
                ignored.add("output format " + format + " ignored: " + model + " always returns png");
            } else if (!outputFormats.contains(format)) {
                throw new InvalidRequestException("output_format", "output format " + format + " for " + model
                        + ": not one of " + join(outputFormats));
            }
        }
        request.background().ifPresent(bg -> {
            if (backgrounds.isEmpty()) {
                ignored.add("background " + bg + " ignored: " + model + " has no background option");
            } else if (!backgrounds.contains(bg)) {
                throw new InvalidRequestException("background", "background " + bg + " for " + model
                        + ": not one of " + join(backgrounds));
            } else if (bg == Background.TRANSPARENT && !format.supportsTransparency()) {
                throw new InvalidRequestException("background", "background transparent needs output format png or "
                        + "webp (got " + format + ")");
            } else if (bg == Background.TRANSPARENT && !outputFormats.contains(format) && !outputFormats.isEmpty()) {
                throw new InvalidRequestException("background", "background transparent for " + model
                        + " needs output format " + join(outputFormats));
            }
        });
        request.outputCompression().ifPresent(c -> {
            if (outputFormats.isEmpty() || !format.supportsCompression()) {
                ignored.add("output compression " + c + " ignored: it applies to jpeg and webp output only (format is "
                        + format + ")");
            }
        });
        request.moderation().ifPresent(m -> {
            if (!moderation) {
                ignored.add("moderation " + m + " ignored: " + model + " has no moderation option");
            }
        });
        request.inputFidelity().ifPresent(f -> {
            if (op != ImageOperation.EDIT) {
                ignored.add("input fidelity " + f + " ignored: it applies to edits only");
            } else if (!inputFidelity) {
                ignored.add("input fidelity " + f + " ignored: " + model + " has no input fidelity option");
            }
        });
        request.partialImages().ifPresent(p -> {
            if (p > 0 && !streaming) {
                ignored.add("partial images " + p + " ignored: " + model + " does not stream");
            }
        });
        request.style().ifPresent(s -> {
            if (!style) {
                ignored.add("style " + s + " ignored: style is a dall-e-3 option and is never sent to " + model);
            }
        });
        request.responseFormat().ifPresent(r -> {
            if (!responseFormat) {
                ignored.add("response format " + r + " ignored: " + model
                        + " always returns base64 and does not take response_format");
            }
        });
        validateInputs(request, model);
        if (request.isStrict() && !ignored.isEmpty()) {
            String first = ignored.get(0);
            throw new InvalidRequestException(first.substring(0, first.indexOf(' ')),
                    "strict mode: " + first.replace(" ignored:", " is not allowed:"));
        }
        List<String> warnings = new ArrayList<>(ignored);
        warnings.addAll(notesFor(request));
        return warnings;
    }

    private List<String> notesFor(ImageRequest request) {
        if (request.background().orElse(null) != Background.TRANSPARENT) {
            return List.of();
        }
        return notes.stream().filter(n -> n.contains("transparent")).collect(Collectors.toList());
    }

    private void validateInputs(ImageRequest request, ModelId model) {
        List<ImageInput> images = request.images();
        if (images.size() > maxReferenceImages) {
            throw new InvalidRequestException("image", images.size() + " reference images for " + model
                    + ": at most " + maxReferenceImages);
        }
        for (ImageInput image : images) {
            checkInput(image, "image", maxImageBytes, inputMimeTypes, model);
            if (squareInputs) {
                image.dimensions().ifPresent(d -> {
                    if (d.width() != d.height()) {
                        throw new InvalidRequestException("image", "image '" + image.fileName() + "' is " + d
                                + ": " + model + " takes square images only");
                    }
                });
            }
        }
        request.mask().ifPresent(m -> {
            if (!mask) {
                throw new InvalidRequestException("mask", "mask: " + model + " does not support masked edits");
            }
            checkInput(m, "mask", maxMaskBytes, Set.of("image/png"), model);
            Optional<ImageSize> md = m.dimensions();
            Optional<ImageSize> id = images.get(0).dimensions();
            if (md.isPresent() && id.isPresent() && !md.get().equals(id.get())) {
                throw new InvalidRequestException("mask", "mask '" + m.fileName() + "' is " + md.get()
                        + " but image '" + images.get(0).fileName() + "' is " + id.get()
                        + ": the mask must have the same dimensions as the first image");
            }
        });
    }

    private static void checkInput(ImageInput in, String param, long maxBytes, Set<String> mimeTypes, ModelId model) {
        in.length().ifPresent(len -> {
            if (len > maxBytes) {
                throw new InvalidRequestException(param, String.format("%s '%s' is %,d bytes: %s takes at most %,d",
                        param, in.fileName(), len, model, maxBytes));
            }
        });
        if (!in.isRecognizedImage()) {
            throw new InvalidRequestException(param, param + " '" + in.fileName()
                    + "' is not a PNG, JPEG or WebP image");
        }
        if (!mimeTypes.contains(in.mimeType())) {
            throw new InvalidRequestException(param, param + " '" + in.fileName() + "' is " + in.mimeType() + ": "
                    + model + " takes " + String.join(", ", new java.util.TreeSet<>(mimeTypes)) + " for " + param);
        }
    }

    private static String opName(ImageOperation op) {
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String join(Set<? extends WireValue> values) {
        return values.stream().map(WireValue::wireValue).sorted().collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "ModelCapabilities[" + family + ", operations=" + operations + ", maxN=" + maxN + ", sizes="
                + sizeRule.describe() + ", formats=" + outputFormats + "]";
    }

    /** Builds {@link ModelCapabilities}; not thread-safe. */
    public static final class Builder {
        private final String family;
        private EnumSet<ImageOperation> operations = EnumSet.noneOf(ImageOperation.class);
        private boolean mask;
        private boolean streaming;
        private int maxN = 1;
        private int maxPromptLength = 1000;
        private SizeRule sizeRule;
        private Set<Quality> qualities = EnumSet.noneOf(Quality.class);
        private Set<OutputFormat> outputFormats = EnumSet.noneOf(OutputFormat.class);
        private Set<Background> backgrounds = EnumSet.noneOf(Background.class);
        private boolean moderation;
        private boolean inputFidelity;
        private boolean style;
        private boolean responseFormat;
        private int maxReferenceImages = ImageRequest.MAX_REFERENCE_IMAGES;
        private long maxImageBytes = MB_50;
        private long maxMaskBytes = MB_4;
        private Set<String> inputMimeTypes = new java.util.LinkedHashSet<>(
                List.of("image/png", "image/jpeg", "image/webp"));
        private boolean squareInputs;
        private Deprecation deprecation;
        private List<String> notes = new ArrayList<>();

        private Builder(String family) {
            this.family = Objects.requireNonNull(family, "family");
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

        /** Whether streaming works. Default false. */
        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
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
            this.maxPromptLength = maxPromptLength;
            return this;
        }

        /** The size rule (required). */
        public Builder sizeRule(SizeRule sizeRule) {
            this.sizeRule = sizeRule;
            return this;
        }

        /** The qualities. Default none. */
        public Builder qualities(Quality... qualities) {
            this.qualities = EnumSet.noneOf(Quality.class);
            this.qualities.addAll(List.of(qualities));
            return this;
        }

        /** The selectable formats. Default none (fixed png). */
        public Builder outputFormats(OutputFormat... formats) {
            this.outputFormats = EnumSet.noneOf(OutputFormat.class);
            this.outputFormats.addAll(List.of(formats));
            return this;
        }

        /** The backgrounds. Default none (no background option). */
        public Builder backgrounds(Background... backgrounds) {
            this.backgrounds = EnumSet.noneOf(Background.class);
            this.backgrounds.addAll(List.of(backgrounds));
            return this;
        }

        /** Whether moderation applies. Default false. */
        public Builder moderation(boolean moderation) {
            this.moderation = moderation;
            return this;
        }

        /** Whether input fidelity applies to edits. Default false. */
        public Builder inputFidelity(boolean inputFidelity) {
            this.inputFidelity = inputFidelity;
            return this;
        }

        /** Whether style applies. Default false. */
        public Builder style(boolean style) {
            this.style = style;
            return this;
        }

        /** Whether response format applies. Default false. */
        public Builder responseFormat(boolean responseFormat) {
            this.responseFormat = responseFormat;
            return this;
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
            this.inputMimeTypes = new java.util.LinkedHashSet<>(List.of(mimeTypes));
            return this;
        }

        /** Whether reference images must be square (DALL·E 2). Default false. */
        public Builder squareInputs(boolean squareInputs) {
            this.squareInputs = squareInputs;
            return this;
        }

        /** The retirement, or null. */
        public Builder deprecation(Deprecation deprecation) {
            this.deprecation = deprecation;
            return this;
        }

        /** Adds a notice. */
        public Builder note(String note) {
            notes.add(note);
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
