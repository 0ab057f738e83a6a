package dev.imagegen4j.openai.wire;

import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What differs between services that speak the OpenAI Images protocol: URLs, authentication, model ids
 * and quirks. {@link WireImageGenerator} does everything else (encoding, streaming decode, errors,
 * timeouts) the same way for all of them. The OpenAI, Azure and AI/ML API providers are each one
 * implementation; a new OpenAI-style gateway needs only another. A service with a message format of its own
 * (Gemini's {@code generateContent}) also supplies a {@link WireCodec} ({@link #codec()}); the hooks that shape
 * OpenAI bodies ({@link #sendsModel}, {@link #extraFields}, {@link #markupField}) then do not apply.
 *
 * <p>Implementations must be thread-safe. {@link #headers} is called once per HTTP attempt, so a
 * token supplier behind it can refresh expired tokens.
 */
public interface WireDialect {

    /** The provider id, e.g. {@code openai}. */
    String providerId();

    /**
     * The provider id under which model lifecycles (shutdowns) are looked up in the catalog. Default
     * {@link #providerId()}; a provider with two services (Gemini API and Vertex AI) names the one in use.
     */
    default String lifecycleId() {
        return providerId();
    }

    /**
     * The message format, when it is not the OpenAI Images protocol: how bodies are encoded, answers read and
     * errors mapped. Default empty (JSON and multipart requests, {@code ImagesResponse} and SSE answers,
     * {@link ErrorMapper}).
     */
    default java.util.Optional<WireCodec> codec() {
        return java.util.Optional.empty();
    }

    /**
     * The URL of {@code operation} for {@code wireModel}: {@code {base}/images/generations},
     * {@code .../edits}, {@code .../variations}; Azure's classic form puts the deployment in the path.
     */
    URI endpoint(ImageOperation operation, String wireModel);

    /**
     * Adds the authentication and other fixed headers of one attempt.
     *
     * @throws dev.imagegen4j.AuthenticationException if credentials cannot be obtained (e.g. a token
     *                                                supplier failed)
     */
    void headers(BiConsumer<String, String> header);

    /**
     * The model id on the wire for a logical model ({@code openai/gpt-image-2}, an Azure deployment).
     *
     * @throws dev.imagegen4j.ModelNotFoundException before anything is sent, if the model has no mapping
     */
    String wireModel(ModelId model);

    /**
     * Checks {@code request} against this service's own rules, before the catalog's rules
     * ({@link ModelCapabilities#validate}) run on the {@linkplain #narrow narrowed} capabilities. Use it for
     * a message that names the service (e.g. "Azure OpenAI does not offer webp"); the narrowed capabilities
     * would reject the request too, but without saying why. Default: no checks.
     *
     * @param request      the request, with generator defaults applied
     * @param model        the logical model
     * @param capabilities the narrowed capabilities
     * @return warnings to add to the result; empty when there are none
     * @throws dev.imagegen4j.InvalidRequestException naming the parameter, the value and the rule
     */
    default List<String> validate(ImageRequest request, ModelId model, ModelCapabilities capabilities) {
        return List.of();
    }

    /** Whether the body carries {@code model}. Default true (OpenAI requires it). */
    default boolean sendsModel(ImageOperation operation) {
        return true;
    }

    /** The catalog's capabilities narrowed to what this service takes (Azure: no webp). Default: unchanged. */
    default ModelCapabilities narrow(ModelId model, ModelCapabilities capabilities) {
        return capabilities;
    }

    /**
     * How many images one call returns at most; a request for more is split into parallel calls whose
     * images, usage and warnings are merged. Default: the model's {@code maxN}.
     */
    default int maxImagesPerCall(ImageOperation operation, ModelId model, ModelCapabilities capabilities) {
        return capabilities.maxN();
    }

    /** Whether this service streams partial images (SSE). Default true. */
    default boolean supportsStreaming() {
        return true;
    }

    /**
     * Notices to add to every result for {@code model}, checked before sending. Model lifecycles (shutdowns,
     * successors) are checked by the generator from the catalog, so this is for the service's own notices.
     * Default none.
     */
    default List<String> notices(ModelId model, ModelCapabilities capabilities) {
        return List.of();
    }

    /**
     * Extra body fields this service needs, added after the standard ones (e.g. AI/ML API's
     * {@code response_format=b64_json} for gpt-image models). Default none.
     */
    default void extraFields(ImageRequest request, ModelId model, ModelCapabilities capabilities,
            BiConsumer<String, Object> field) {
    }

    /**
     * The wire name of the markup overlay of a markup-guided edit (a multipart file part, or a JSON image reference).
     * OpenAI's field name is not confirmed in the sources (OpenRouter calls it {@code markup}), so it lives here, in
     * the dialect, where one override fixes it. Default {@code markup}.
     */
    default String markupField() {
        return "markup";
    }

    /** The headers that carry the request id, in order of preference. */
    default List<String> requestIdHeaders() {
        return List.of("x-request-id", "apim-request-id");
    }

    /**
     * Adjusts a decoded result: {@code extras} holds the response's non-standard top-level fields
     * (e.g. AI/ML API's {@code meta}) as plain maps. Default: adds them to the provider metadata.
     */
    default void postProcess(ImageResult.Builder result, Map<String, Object> extras) {
        extras.forEach(result::providerMetadata);
    }

    /**
     * Adjusts a result merged from parallel calls (see {@link #maxImagesPerCall}). Images, usage, cost,
     * latency and warnings are already merged; provider metadata is the first call's. Override to combine
     * metadata of your own (e.g. AI/ML API's credits). Default: nothing.
     *
     * @param merged the merged result being built
     * @param parts  the successful calls' results, in call order
     */
    default void merge(ImageResult.Builder merged, List<ImageResult> parts) {
    }

    /**
     * Secrets this dialect knows, redacted from vendor error messages. Asked for each error message, so
     * it may change over time (e.g. the current Entra ID token). Must not fetch anything. Default none.
     */
    default List<String> secretsToRedact() {
        return List.of();
    }
}
