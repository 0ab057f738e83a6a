package dev.imagegen4j.aimlapi;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireBackedGenerator;
import dev.imagegen4j.openai.wire.WireGeneratorBuilder;
import dev.imagegen4j.openai.wire.WireImageGenerator;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Any gateway that speaks the OpenAI Images protocol at its own base URL (LiteLLM proxy, OpenAI-style relays)
 * as an {@link ImageGenerator}.
 *
 * <pre>{@code
 * ImageGenerator litellm = OpenAiCompatibleImageGenerator.builder()
 *     .baseUrl("https://litellm.internal.example.com/v1")
 *     .apiKey(System.getenv("LITELLM_KEY"))
 *     .model(ModelId.GPT_IMAGE_2, "azure-img2")      // optional: the proxy's model_name
 *     .build();
 * }</pre>
 *
 * <p>Requests go to {@code {baseUrl}/images/generations} and {@code .../edits}; model ids are sent as they
 * are unless mapped. The key goes in {@code Authorization: Bearer} by default, in another header with
 * {@link Builder#authHeader} (e.g. {@code api-key}, {@code x-api-key}), or nowhere without a key. Capabilities
 * are OpenAI's; relays that cannot stream or that return fewer images per call are described with
 * {@link Builder#streaming} and {@link Builder#maxImagesPerCall} (larger requests then become parallel calls
 * whose results are merged, with a warning). Errors in the OpenAI shape, Azure's and AI/ML API's are mapped.
 *
 * <p>Thread-safe; share one instance.
 */
public final class OpenAiCompatibleImageGenerator extends WireBackedGenerator {

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");


    private OpenAiCompatibleImageGenerator(WireImageGenerator wire) {
        super(wire);
    }

    /** A builder. A base URL is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link OpenAiCompatibleImageGenerator}. Not thread-safe; {@link #build()} validates and copies. */
    public static final class Builder extends WireGeneratorBuilder<Builder> {
        private URI baseUrl;
        private Secret apiKey;
        private String authHeader = "Authorization";
        private final Map<ModelId, String> models = new LinkedHashMap<>();
        private boolean streaming = true;
        private int maxImagesPerCall;

        private Builder() {
        }

        /** The gateway's base URL (required), up to and including {@code /v1} if it has one. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The base URL as text. */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(baseUrl));
        }

        /** The key. Default none: no authentication header is sent. */
        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The key as text. @throws IllegalArgumentException if blank */
        public Builder apiKey(String apiKey) {
            return apiKey(Secret.of(apiKey));
        }

        /**
         * The header that carries the key: {@code Authorization} (the default) sends {@code Bearer <key>}; any
         * other name (e.g. {@code api-key}, {@code x-api-key}) sends the key as it is.
         */
        public Builder authHeader(String headerName) {
            this.authHeader = Objects.requireNonNull(headerName, "headerName").strip();
            return this;
        }

        /** Maps the logical {@code model} to the gateway's id. Default: ids are sent as they are. */
        public Builder model(ModelId model, String wireId) {
            models.put(Objects.requireNonNull(model, "model"), wireId);
            return this;
        }

        /** Adds every mapping of {@code logicalToWire}. */
        public Builder models(Map<String, String> logicalToWire) {
            logicalToWire.forEach((k, v) -> model(ModelId.of(k), v));
            return this;
        }

        /** Whether the gateway streams partial images (SSE) like OpenAI. Default true. */
        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        /** The most images one call returns (some relays force 1). Default: the model's limit. */
        public Builder maxImagesPerCall(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max images per call must be at least 1: " + max);
            }
            this.maxImagesPerCall = max;
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException if no base URL was given, the auth header name is not a valid
         *                                  header name, a model mapping is blank, or the base URL is insecure
         */
        public OpenAiCompatibleImageGenerator build() {
            if (baseUrl == null) {
                throw new IllegalArgumentException("the gateway's base URL is required (base-url, e.g. "
                        + "http://localhost:4000/v1 for a LiteLLM proxy)");
            }
            if (!HEADER_NAME.matcher(authHeader).matches()) {
                throw new IllegalArgumentException("auth-header '" + authHeader + "': not a valid HTTP header name");
            }
            OpenAiCompatibleDialect dialect = new OpenAiCompatibleDialect(baseUrl, apiKey, authHeader,
                    new ModelMap(models), streaming, maxImagesPerCall);
            return new OpenAiCompatibleImageGenerator(wire(dialect)
                    .build());
        }
    }
}
