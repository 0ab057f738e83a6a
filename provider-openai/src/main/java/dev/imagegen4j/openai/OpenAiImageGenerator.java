package dev.imagegen4j.openai;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.PriceTable;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireBackedGenerator;
import dev.imagegen4j.openai.wire.WireGeneratorBuilder;
import dev.imagegen4j.openai.wire.WireImageGenerator;
import java.net.URI;
import java.util.Objects;

/**
 * The OpenAI Images API ({@code https://api.openai.com/v1}) as an {@link ImageGenerator}: generations,
 * multipart edits with up to 16 reference images and a mask, DALL·E 2 variations, and SSE streaming of
 * partial images.
 *
 * <pre>{@code
 * ImageGenerator openai = OpenAiImageGenerator.builder()
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .defaults(ImageRequest.template().quality(Quality.MEDIUM).build())
 *     .build();
 * }</pre>
 *
 * <p>{@link ImageResult#cost()} is an estimate from a {@link PriceTable} (OpenAI reports tokens, not money).
 * Requests are validated against the model's rules before sending; responses are decoded as they
 * arrive; errors are mapped to imagegen4j's exceptions; nothing is retried (see the routing decorators).
 * Thread-safe; share one instance.
 */
public final class OpenAiImageGenerator extends WireBackedGenerator {

    /** {@code https://api.openai.com/v1}. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");
    /** The US data-residency base URL. */
    public static final URI US_BASE_URL = URI.create("https://us.api.openai.com/v1");
    /** The EU data-residency base URL. */
    public static final URI EU_BASE_URL = URI.create("https://eu.api.openai.com/v1");

    private final PriceTable prices;

    private OpenAiImageGenerator(WireImageGenerator wire, PriceTable prices) {
        super(wire);
        this.prices = prices;
    }

    /** A builder. An API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** OpenAI reports tokens, not money: add an estimate from the price table. */
    @Override
    protected ImageResult complete(ImageResult r) {
        return withEstimatedCost(r, r.model(), prices);
    }

    /** Builds an {@link OpenAiImageGenerator}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder extends WireGeneratorBuilder<Builder> {
        private Secret apiKey;
        private URI baseUrl = DEFAULT_BASE_URL;
        private String organization;
        private String project;
        private PriceTable prices;

        private Builder() {
        }

        /** The API key (required). */
        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The API key (required). @throws IllegalArgumentException if blank */
        public Builder apiKey(String apiKey) {
            this.apiKey = key(apiKey, "OPENAI_API_KEY");
            return this;
        }

        /**
         * The base URL, up to and including {@code /v1}. Default {@link #DEFAULT_BASE_URL}; see also
         * {@link #US_BASE_URL}, {@link #EU_BASE_URL}. Must be https unless the host is loopback.
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The base URL as text. */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(baseUrl));
        }

        /** The {@code OpenAI-Organization} header. Default none. */
        public Builder organization(String organization) {
            this.organization = organization;
            return this;
        }

        /** The {@code OpenAI-Project} header. Default none. */
        public Builder project(String project) {
            this.project = project;
            return this;
        }

        /** The prices for {@link ImageResult#cost()} estimates. Default the catalog's {@link ModelCatalog#prices()}. */
        public Builder prices(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException if no API key was given, or the base URL is insecure
         */
        public OpenAiImageGenerator build() {
            if (apiKey == null) {
                apiKey = secretFromEnvironment("OPENAI_API_KEY").orElseThrow(() -> new IllegalArgumentException(
                        "an OpenAI API key is required: apiKey(...) (api-key in config), or OPENAI_API_KEY with "
                                + "environment(System.getenv()); OPENAI_API_KEY is not set there"));
            }
            OpenAiDialect dialect = new OpenAiDialect(baseUrl, apiKey, organization, project);
            return new OpenAiImageGenerator(wire(dialect).build(), prices != null ? prices : catalogPrices());
        }
    }
}
