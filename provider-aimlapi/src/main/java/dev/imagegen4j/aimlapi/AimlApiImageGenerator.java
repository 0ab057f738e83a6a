package dev.imagegen4j.aimlapi;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireBackedGenerator;
import dev.imagegen4j.openai.wire.WireGeneratorBuilder;
import dev.imagegen4j.openai.wire.WireImageGenerator;
import dev.imagegen4j.spi.HostModels;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * AI/ML API ({@code https://api.aimlapi.com/v1}) as an {@link ImageGenerator}, on the OpenAI Images wire
 * client.
 *
 * <pre>{@code
 * ImageGenerator aiml = AimlApiImageGenerator.builder()
 *     .apiKey(System.getenv("AIMLAPI_API_KEY"))
 *     .build();
 * }</pre>
 *
 * <p><b>Models.</b> Logical ids are mapped to AI/ML API's ids by data, {@code hosts.yaml} ({@link #DEFAULT_MODELS}:
 * {@code gpt-image-2} &rarr; {@code openai/gpt-image-2}, {@code gpt-image-1.5} &rarr; {@code openai/gpt-image-1-5},
 * ...); {@link Builder#model} overrides or adds mappings; another {@code gpt-image-*} id is sent as
 * {@code openai/<id>} (AI/ML API's pattern, so a new model works on day zero) and any other id as it is.
 *
 * <p><b>Differences from OpenAI</b>, applied to {@link #capabilities} and handled on the wire: preset sizes
 * only ({@code 1024x1024}, {@code 1024x1536}, {@code 1536x1024}); no {@code auto} quality (the default is
 * medium; the model's other qualities stay); no streaming, no input fidelity, no variations. A generation call returns one image, so a
 * request for {@code n > 1} becomes parallel calls whose images, cost and warnings are merged (a warning
 * says so). {@code response_format=b64_json} is requested; a {@code url} result (asked for with
 * {@link dev.imagegen4j.ResponseFormat#URL}) is downloaded with the safe downloader. {@code created: null}
 * and 201 answers are accepted. {@code meta.usage.usd_spent} becomes the result's reported
 * {@link dev.imagegen4j.Cost} and {@code credits_used} the provider metadata {@code credits-used}; there is
 * no token usage. Errors in AI/ML API's flat shape and in the OpenAI shape are mapped; 403 "out of credits"
 * is a {@link dev.imagegen4j.QuotaExceededException}.
 *
 * <p>Thread-safe; share one instance.
 */
public final class AimlApiImageGenerator extends WireBackedGenerator {

    /** {@code https://api.aimlapi.com/v1}. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.aimlapi.com/v1");

    /**
     * The built-in mapping of logical model ids to AI/ML API ids: the {@code aimlapi} entries of
     * {@code dev/imagegen4j/hosts.yaml} ({@link HostModels}), whose patterns also send another GPT Image id as
     * {@code openai/<id>} and anything else as it is.
     */
    public static final Map<ModelId, String> DEFAULT_MODELS = HostModels.builtIn().ids("aimlapi");


    private AimlApiImageGenerator(WireImageGenerator wire) {
        super(wire);
    }

    /** A builder. An API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AimlApiImageGenerator}. Not thread-safe; {@link #build()} validates and copies. */
    public static final class Builder extends WireGeneratorBuilder<Builder> {
        private Secret apiKey;
        private URI baseUrl = DEFAULT_BASE_URL;
        private final Map<ModelId, String> models = new LinkedHashMap<>();

        private Builder() {
        }

        /** The API key (required), sent as {@code Authorization: Bearer}. */
        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The API key as text. @throws IllegalArgumentException if blank */
        public Builder apiKey(String apiKey) {
            return apiKey(key(apiKey, "AIMLAPI_API_KEY"));
        }

        /** The base URL, up to and including {@code /v1}. Default {@link #DEFAULT_BASE_URL}. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The base URL as text. */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(baseUrl));
        }

        /** Maps the logical {@code model} to AI/ML API's {@code wireId}, overriding {@link #DEFAULT_MODELS}. */
        public Builder model(ModelId model, String wireId) {
            models.put(Objects.requireNonNull(model, "model"), wireId);
            return this;
        }

        /** Adds every mapping of {@code logicalToWire}. */
        public Builder models(Map<String, String> logicalToWire) {
            logicalToWire.forEach((k, v) -> model(ModelId.of(k), v));
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException if no API key was given, a model mapping is blank, or the base URL
         *                                  is insecure
         */
        public AimlApiImageGenerator build() {
            if (apiKey == null) {
                apiKey = secretFromEnvironment("AIMLAPI_API_KEY").orElseThrow(() -> new IllegalArgumentException(
                        "an AI/ML API key is required: apiKey(...) (api-key in config), or AIMLAPI_API_KEY with "
                                + "environment(System.getenv()); AIMLAPI_API_KEY is not set there"));
            }
            Map<String, Object> overrides = new LinkedHashMap<>();
            models.forEach((model, wire) -> {
                if (wire == null || wire.isBlank()) {
                    throw new IllegalArgumentException("model mapping for " + model + " is blank; give the gateway's "
                            + "id");
                }
                overrides.put(model.value(), wire.strip());
            });
            AimlApiDialect dialect = new AimlApiDialect(baseUrl, apiKey,
                    HostModels.builtIn().with("aimlapi", overrides));
            return new AimlApiImageGenerator(wire(dialect)
                    .build());
        }
    }
}
