package dev.imagegen4j;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one logical request: the images, token usage and cost, the settings the service
 * actually used (it resolves {@code auto}), who served it, and any warnings about options that were
 * not applied. Immutable and thread-safe.
 */
public final class ImageResult {

    private final List<GeneratedImage> images;
    private final Usage usage;
    private final Cost cost;
    private final ImageSize size;
    private final Quality quality;
    private final Background background;
    private final OutputFormat outputFormat;
    private final String providerId;
    private final ModelId model;
    private final String wireModel;
    private final String requestId;
    private final List<String> warnings;
    private final Duration latency;
    private final Instant created;
    private final Map<String, Object> providerMetadata;
    private final List<ImageGenerationException> failures;

    private ImageResult(Builder b) {
        this.images = List.copyOf(b.images);
        this.usage = b.usage;
        this.cost = b.cost;
        this.size = b.size;
        this.quality = b.quality;
        this.background = b.background;
        this.outputFormat = b.outputFormat;
        this.providerId = Objects.requireNonNull(b.providerId, "providerId");
        this.model = Objects.requireNonNull(b.model, "model");
        this.wireModel = b.wireModel == null ? b.model.value() : b.wireModel;
        this.requestId = b.requestId;
        this.warnings = List.copyOf(b.warnings);
        this.latency = b.latency == null ? Duration.ZERO : b.latency;
        this.created = b.created;
        this.providerMetadata = Map.copyOf(b.providerMetadata);
        this.failures = List.copyOf(b.failures);
    }

    /** A builder, for providers and routers. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this result's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.images.addAll(images);
        b.usage = usage;
        b.cost = cost;
        b.size = size;
        b.quality = quality;
        b.background = background;
        b.outputFormat = outputFormat;
        b.providerId = providerId;
        b.model = model;
        b.wireModel = wireModel;
        b.requestId = requestId;
        b.warnings.addAll(warnings);
        b.latency = latency;
        b.created = created;
        b.providerMetadata.putAll(providerMetadata);
        b.failures.addAll(failures);
        return b;
    }

    /** The images, in order. */
    public List<GeneratedImage> images() {
        return images;
    }

    /** The first image. @throws IllegalStateException if there is none */
    public GeneratedImage image() {
        if (images.isEmpty()) {
            throw new IllegalStateException("the result has no images");
        }
        return images.get(0);
    }

    /** Token usage, if the vendor reported it (gpt-image models do; DALL·E does not). */
    public Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    /** Cost, reported by the vendor or estimated from a price table, if known. */
    public Optional<Cost> cost() {
        return Optional.ofNullable(cost);
    }

    /** The size the service produced (auto resolved), if it said. */
    public Optional<ImageSize> size() {
        return Optional.ofNullable(size);
    }

    /** The quality the service used, if it said. */
    public Optional<Quality> quality() {
        return Optional.ofNullable(quality);
    }

    /** The background the service produced, if it said. */
    public Optional<Background> background() {
        return Optional.ofNullable(background);
    }

    /** The output format the service produced, if it said. */
    public Optional<OutputFormat> outputFormat() {
        return Optional.ofNullable(outputFormat);
    }

    /** The provider that served the request, e.g. {@code azure}. */
    public String providerId() {
        return providerId;
    }

    /** The logical model requested, e.g. {@code gpt-image-2}. */
    public ModelId model() {
        return model;
    }

    /** The model id sent on the wire, e.g. {@code openai/gpt-image-2} or an Azure deployment name. */
    public String wireModel() {
        return wireModel;
    }

    /** The vendor's request id (for several calls, the first), if it sent one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** Options that were not applied and other notices; empty when everything was honoured. */
    public List<String> warnings() {
        return warnings;
    }

    /** Wall time from sending the request to the last byte of the answer. */
    public Duration latency() {
        return latency;
    }

    /** When the vendor says it created the images, if it said. */
    public Optional<Instant> created() {
        return Optional.ofNullable(created);
    }

    /** Vendor data: rate-limit headers, Azure filter results, AI/ML API credits, ... */
    public Map<String, Object> providerMetadata() {
        return providerMetadata;
    }

    /**
     * Failures of part of the request after other parts succeeded: a request split into parallel calls
     * (more images than one call returns) of which some failed, or a stream that reported an error after its
     * image was complete. Such a part is never retried (another part was paid for, and it may have been
     * too); each failure also has a warning. {@link ResultUnknownException}s among them may have been paid
     * for; other failures were not charged, so requesting the missing images again is safe. Empty when
     * everything succeeded.
     */
    public List<ImageGenerationException> failures() {
        return failures;
    }

    @Override
    public String toString() {
        return "ImageResult[" + images.size() + " image(s), provider=" + providerId + ", model=" + model
                + (wireModel.equals(model.value()) ? "" : " (" + wireModel + ")")
                + (requestId != null ? ", requestId=" + requestId : "") + ", latency=" + latency.toMillis() + "ms"
                + (usage != null ? ", " + usage : "") + (warnings.isEmpty() ? "" : ", warnings=" + warnings)
                + (failures.isEmpty() ? "" : ", failures=" + failures.size()) + "]";
    }

    /** Builds an {@link ImageResult}; not thread-safe. Provider id and model are required. */
    public static final class Builder {
        private final List<GeneratedImage> images = new ArrayList<>();
        private Usage usage;
        private Cost cost;
        private ImageSize size;
        private Quality quality;
        private Background background;
        private OutputFormat outputFormat;
        private String providerId;
        private ModelId model;
        private String wireModel;
        private String requestId;
        private final List<String> warnings = new ArrayList<>();
        private Duration latency;
        private Instant created;
        private final Map<String, Object> providerMetadata = new LinkedHashMap<>();
        private final List<ImageGenerationException> failures = new ArrayList<>();

        private Builder() {
        }

        /** Adds the failure of part of the request (see {@link ImageResult#failures()}). */
        public Builder addFailure(ImageGenerationException failure) {
            failures.add(Objects.requireNonNull(failure, "failure"));
            return this;
        }

        /** Adds an image. */
        public Builder addImage(GeneratedImage image) {
            images.add(Objects.requireNonNull(image, "image"));
            return this;
        }

        /** Replaces the images. */
        public Builder images(List<GeneratedImage> images) {
            this.images.clear();
            this.images.addAll(images);
            return this;
        }

        /** Usage. */
        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        /** Cost. */
        public Builder cost(Cost cost) {
            this.cost = cost;
            return this;
        }

        /** The size the service used. */
        public Builder size(ImageSize size) {
            this.size = size;
            return this;
        }

        /** The quality the service used. */
        public Builder quality(Quality quality) {
            this.quality = quality;
            return this;
        }

        /** The background the service used. */
        public Builder background(Background background) {
            this.background = background;
            return this;
        }

        /** The format the service used. */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        /** The provider id (required). */
        public Builder providerId(String providerId) {
            this.providerId = providerId;
            return this;
        }

        /** The logical model (required). */
        public Builder model(ModelId model) {
            this.model = model;
            return this;
        }

        /** The wire model id; defaults to the logical one. */
        public Builder wireModel(String wireModel) {
            this.wireModel = wireModel;
            return this;
        }

        /** The request id. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** Adds a warning. */
        public Builder addWarning(String warning) {
            warnings.add(Objects.requireNonNull(warning, "warning"));
            return this;
        }

        /** Adds warnings. */
        public Builder addWarnings(List<String> warnings) {
            warnings.forEach(this::addWarning);
            return this;
        }

        /** Latency. */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** Creation time. */
        public Builder created(Instant created) {
            this.created = created;
            return this;
        }

        /** One metadata entry; null values are ignored. */
        public Builder providerMetadata(String key, Object value) {
            if (value != null) {
                providerMetadata.put(key, value);
            }
            return this;
        }

        /** The result. */
        public ImageResult build() {
            return new ImageResult(this);
        }
    }
}
