package dev.imagegen4j.google;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.PriceTable;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.BearerTokens;
import dev.imagegen4j.openai.wire.WireBackedGenerator;
import dev.imagegen4j.openai.wire.WireGeneratorBuilder;
import dev.imagegen4j.openai.wire.WireImageGenerator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Google's Gemini image models ("Nano Banana": {@code gemini-3-pro-image}, {@code gemini-3.1-flash-image},
 * {@code gemini-3.1-flash-lite-image}) as an {@link ImageGenerator}, through the Gemini API or Vertex AI
 * ({@link GoogleUrlStyle}), on the same wire client as the OpenAI-protocol providers.
 *
 * <pre>{@code
 * ImageGenerator gemini = GoogleImageGenerator.builder()
 *     .apiKey(System.getenv("GEMINI_API_KEY"))
 *     .build();
 * ImageResult r = gemini.generate(ImageRequest.builder().prompt("a fox")
 *     .aspectRatio("16:9").resolution(ResolutionTier.TWO_K).build());
 * }</pre>
 *
 * <p><b>What differs from the OpenAI protocol</b>, decided by each model's catalog entry: no sizes (an aspect ratio
 * and a resolution tier; a request's {@code size} is sent as the nearest of both, with a warning), a {@code seed},
 * no mask (refused before sending), no quality, background or output format options (ignored with warnings), one
 * image per call ({@code n > 1} becomes parallel calls whose images, usage and cost are merged; a failed call is
 * listed in {@link ImageResult#failures()}, never retried), reference images sent inline (base64 streamed from the
 * file while sending). Only the image is asked for unless {@link Builder#includeText(boolean)} (or the provider
 * option {@code include_text}) asks for text too; text parts go to {@code providerMetadata().get("text")}. Params and
 * {@code google} provider options go verbatim into {@code generationConfig}.
 *
 * <p><b>Answers.</b> Images are decoded from the response as it arrives. An answer without an image is a
 * {@link dev.imagegen4j.ContentPolicyException} naming the reason ({@code promptFeedback.blockReason}, or the
 * {@code finishReason} such as {@code IMAGE_SAFETY}); it was processed, so it is not retried. Errors follow
 * {@code GoogleErrorMapper}'s table ({@code RESOURCE_EXHAUSTED} is a {@link dev.imagegen4j.RateLimitException} with
 * {@code RetryInfo}'s delay, or a {@link dev.imagegen4j.QuotaExceededException} for a daily quota). Usage comes
 * from {@code usageMetadata} by modality; {@link ImageResult#cost()} is estimated from the catalog's prices.
 *
 * <p><b>Models.</b> Requests for Gemini models (or any id of no other known family) are sent as they are. A request
 * for a model Google does not serve (a GPT Image model, e.g. from a failover route) needs a mapping
 * ({@link Builder#model(ModelId, ModelId)}); without one it fails before sending with a
 * {@link dev.imagegen4j.ModelNotFoundException}, which a route fails over on (and skips, asked first).
 *
 * <p>Nothing is retried here (see the routing decorators). Thread-safe; share one instance.
 */
public final class GoogleImageGenerator extends WireBackedGenerator {

    /** {@code https://generativelanguage.googleapis.com}, the Gemini API. */
    public static final URI GEMINI_BASE_URL = URI.create("https://generativelanguage.googleapis.com");
    /** {@code https://aiplatform.googleapis.com}: Vertex AI's global endpoint (and express mode). */
    public static final URI VERTEX_GLOBAL_BASE_URL = URI.create("https://aiplatform.googleapis.com");
    /** The model of requests that name none: {@code gemini-3.1-flash-image}. */
    public static final ModelId DEFAULT_MODEL = ModelId.of("gemini-3.1-flash-image");
    /** The default refresh margin of access tokens: 2 minutes before they expire. */
    public static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofMinutes(2);

    private final PriceTable prices;

    private GoogleImageGenerator(WireImageGenerator wire, PriceTable prices) {
        super(wire);
        this.prices = prices;
    }

    /** A builder: an API key (Gemini API, Vertex express mode) or a Vertex project with a token supplier. */
    public static Builder builder() {
        return new Builder();
    }

    /** Google reports tokens, not money: an estimate from the prices of the model that served the request. */
    @Override
    protected ImageResult complete(ImageResult r) {
        return withEstimatedCost(r, ModelId.of(r.wireModel()), prices);
    }

    /** Builds a {@link GoogleImageGenerator}. Not thread-safe; {@link #build()} validates and copies. */
    public static final class Builder extends WireGeneratorBuilder<Builder> {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

        private GoogleUrlStyle urlStyle = GoogleUrlStyle.GEMINI;
        private URI baseUrl;
        private Secret apiKey;
        private GoogleTokenSupplier tokenSupplier;
        private Duration tokenRefreshMargin = DEFAULT_TOKEN_REFRESH_MARGIN;
        private String project;
        private String location = "global";
        private boolean includeText;
        private PriceTable prices;
        private final Map<ModelId, ModelId> models = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The API key: Gemini API, or Vertex AI express mode. Exclusive with {@link #tokenSupplier}. */
        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The API key as text. @throws IllegalArgumentException if blank or not fit for a header */
        public Builder apiKey(String apiKey) {
            return apiKey(Secret.of(apiKey));
        }

        /** Which service. Default {@link GoogleUrlStyle#GEMINI}; {@link #vertex} sets {@link GoogleUrlStyle#VERTEX}. */
        public Builder urlStyle(GoogleUrlStyle urlStyle) {
            this.urlStyle = Objects.requireNonNull(urlStyle, "urlStyle");
            return this;
        }

        /**
         * Vertex AI in {@code project} at {@code location} ({@code global}, {@code us-central1}, ...); needs a
         * {@link #tokenSupplier}.
         */
        public Builder vertex(String project, String location) {
            this.urlStyle = GoogleUrlStyle.VERTEX;
            this.project = Objects.requireNonNull(project, "project");
            this.location = Objects.requireNonNull(location, "location");
            return this;
        }

        /**
         * OAuth access tokens for Vertex AI ({@code Authorization: Bearer}), asked for per attempt and cached until
         * {@link #tokenRefreshMargin} before they expire. Exclusive with {@link #apiKey}.
         */
        public Builder tokenSupplier(GoogleTokenSupplier supplier) {
            this.tokenSupplier = supplier;
            return this;
        }

        /** How long before expiry a cached token is replaced. Default 2 minutes. */
        public Builder tokenRefreshMargin(Duration margin) {
            if (Objects.requireNonNull(margin, "margin").isNegative()) {
                throw new IllegalArgumentException("token refresh margin must not be negative: " + margin);
            }
            this.tokenRefreshMargin = margin;
            return this;
        }

        /**
         * The base URL (scheme, host, optional path prefix), without {@code /v1beta} or {@code /v1}. Default
         * {@link #GEMINI_BASE_URL}; for Vertex AI {@code https://{location}-aiplatform.googleapis.com}, or
         * {@link #VERTEX_GLOBAL_BASE_URL} for location {@code global} and express mode. Must be https unless the
         * host is loopback.
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The base URL as text. */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(Objects.requireNonNull(baseUrl, "baseUrl").strip()));
        }

        /** Also asks for text parts ({@code responseModalities: [TEXT, IMAGE]}), kept in the result's metadata. Default false. */
        public Builder includeText(boolean includeText) {
            this.includeText = includeText;
            return this;
        }

        /** Serves requests for {@code model} (e.g. {@code gpt-image-2} from a route) with the Gemini model {@code served}. */
        public Builder model(ModelId model, ModelId served) {
            models.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(served, "served"));
            return this;
        }

        /** Adds every mapping of {@code modelToGemini} (logical model id to Gemini model id). */
        public Builder models(Map<String, String> modelToGemini) {
            modelToGemini.forEach((k, v) -> model(ModelId.of(k), ModelId.of(v)));
            return this;
        }

        /** The prices for cost estimates. Default the catalog's {@link ModelCatalog#prices()}. */
        public Builder prices(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /** The clock that decides when a cached token is due for refresh and dates model shutdowns. Default UTC. */
        @Override
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return super.clock(clock);
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException naming the setting: no or both authentication styles, a token supplier
         *                                  without a Vertex project, a project or location a URL cannot carry,
         *                                  a base URL with credentials, a query or an insecure scheme
         */
        public GoogleImageGenerator build() {
            if (apiKey != null && tokenSupplier != null) {
                throw new IllegalArgumentException("Google takes exactly one authentication style, but both an API key "
                        + "and an access-token supplier were given; remove one");
            }
            if (apiKey == null && tokenSupplier == null) {
                throw new IllegalArgumentException(urlStyle == GoogleUrlStyle.GEMINI
                        ? "a Gemini API key is required (api-key, or GEMINI_API_KEY / GOOGLE_API_KEY when the "
                        + "environment is passed in)"
                        : "Vertex AI needs an access-token supplier with a project (vertex(project, location)), or an "
                        + "API key for express mode");
            }
            if (urlStyle == GoogleUrlStyle.GEMINI && project != null) {
                throw new IllegalArgumentException("project '" + project + "' applies to url-style vertex only");
            }
            if (tokenSupplier != null && (urlStyle != GoogleUrlStyle.VERTEX || project == null)) {
                throw new IllegalArgumentException("an access-token supplier is for Vertex AI: set the project and "
                        + "location (vertex(project, location), settings project and location); the Gemini API and "
                        + "Vertex express mode take an API key");
            }
            if (project != null && (!NAME.matcher(project).matches() || !NAME.matcher(location).matches())) {
                throw new IllegalArgumentException("project '" + project + "' and location '" + location + "' may "
                        + "hold letters, digits, '.', '_' and '-' only");
            }
            GoogleTokenSupplier supplier = tokenSupplier;
            BearerTokens tokens = supplier == null ? null : new BearerTokens(() -> {
                GoogleAccessToken t = supplier.token();
                return t == null ? null : new BearerTokens.Token(t.token(), t.expiresAt());
            }, tokenRefreshMargin, clock, "google", "Google access token supplier");
            GoogleDialect dialect = new GoogleDialect(urlStyle, base(), project, location, apiKey, tokens, models,
                    catalog(), includeText);
            return new GoogleImageGenerator(wire(dialect, DEFAULT_MODEL).build(),
                    prices != null ? prices : catalogPrices());
        }

        private String base() {
            URI u = baseUrl;
            if (u == null) {
                u = urlStyle == GoogleUrlStyle.GEMINI ? GEMINI_BASE_URL : project == null
                        || location.equals("global") ? VERTEX_GLOBAL_BASE_URL
                        : URI.create("https://" + location + "-aiplatform.googleapis.com");
            }
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("base-url '" + u + "': expected an absolute URL such as "
                        + GEMINI_BASE_URL);
            }
            if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException("base-url " + u.getScheme() + "://" + u.getHost() + "...: must not "
                        + "carry credentials, a query or a fragment");
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith("/v1beta") || lower.endsWith("/v1")) {
                throw new IllegalArgumentException("base-url '" + u.getScheme() + "://" + u.getRawAuthority() + path
                        + "': give it without the API version (e.g. " + GEMINI_BASE_URL + "); the path is added");
            }
            return u.getScheme() + "://" + u.getRawAuthority() + path;
        }
    }
}
