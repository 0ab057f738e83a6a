package dev.imagegen4j.azure;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
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
 * Azure OpenAI (Azure AI Foundry) image generation and edits as an {@link ImageGenerator}, on the same wire
 * client as {@code OpenAiImageGenerator}.
 *
 * <pre>{@code
 * ImageGenerator azure = AzureImageGenerator.builder()
 *     .endpoint("https://contoso.openai.azure.com")
 *     .apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
 *     .deployment(ModelId.GPT_IMAGE_2, "img2-prod")
 *     .build();
 * ImageResult r = azure.generate(ImageRequest.builder().prompt("a lighthouse").quality(Quality.LOW).build());
 * }</pre>
 *
 * <p><b>URLs.</b> {@link AzureUrlStyle#V1} (the default) posts to {@code {endpoint}/openai/v1/images/...}
 * with the deployment name in {@code model}; {@link AzureUrlStyle#CLASSIC} posts to
 * {@code {endpoint}/openai/deployments/{deployment}/images/...?api-version=...}. Any host works:
 * {@code *.openai.azure.com}, {@code *.services.ai.azure.com}, {@code *.cognitiveservices.azure.com}, custom
 * domains and API gateways (a path prefix is kept).
 *
 * <p><b>Authentication.</b> Exactly one of an {@code api-key} (sent in the {@code api-key} header, never as
 * {@code Authorization}) or an Entra ID {@link AzureTokenSupplier} ({@code Authorization: Bearer}; the token
 * is asked for per attempt and cached until 2 minutes before it expires). Credentials are never sent to
 * another origin: redirects are not followed, and image URLs are downloaded without them.
 *
 * <p><b>Models.</b> Requests name logical models ({@code gpt-image-2}); {@link Builder#deployment} maps them
 * to your deployments. A request for a model without a deployment fails before sending with a
 * {@link dev.imagegen4j.ModelNotFoundException} that lists the mappings.
 *
 * <p><b>Differences from OpenAI</b>, applied to {@link #capabilities} and checked before sending: no webp
 * output; a transparent background needs png; no variations and no DALL·E edits; PNG or JPEG inputs only;
 * dall-e-3 takes n=1; partial-image streaming only on the v1 form. Azure's default quality for gpt-image
 * models is {@code high} (OpenAI's is {@code auto}): set a quality to control cost. Azure documents
 * {@code output_compression} as 0 = none .. 100 = maximum, the reverse of OpenAI's reading; the value is
 * sent as given. Per-image {@code content_filter_results} / {@code prompt_filter_results} are in each
 * image's {@link dev.imagegen4j.GeneratedImage#metadata()}; the request id is {@code apim-request-id}.
 *
 * <p>Nothing is retried here (see the routing decorators). Thread-safe; share one instance.
 */
public final class AzureImageGenerator extends WireBackedGenerator {

    /**
     * {@code 2025-04-01-preview}, the classic form's default api-version: the newest dated api-version
     * Microsoft documents for gpt-image generations <em>and</em> edits (the GA {@code 2024-10-21} carries only
     * dall-e-3 generations). The v1 form needs none.
     */
    public static final String DEFAULT_API_VERSION = "2025-04-01-preview";

    /** The default refresh margin of Entra ID tokens: 2 minutes before they expire. */
    public static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofMinutes(2);


    private AzureImageGenerator(WireImageGenerator wire) {
        super(wire);
    }

    /** A builder. An endpoint, one authentication style and at least one deployment are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AzureImageGenerator}. Not thread-safe; {@link #build()} validates and copies. */
    public static final class Builder extends WireGeneratorBuilder<Builder> {
        /** Azure deployment names: letters, digits, '.', '_' and '-'. */
        private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9._-]+");
        private static final Pattern API_VERSION = Pattern.compile("[A-Za-z0-9._-]+");

        private URI endpoint;
        private Secret apiKey;
        private AzureTokenSupplier tokenSupplier;
        private Duration tokenRefreshMargin = DEFAULT_TOKEN_REFRESH_MARGIN;
        private String apiVersion;
        private AzureUrlStyle urlStyle;
        private final Map<ModelId, String> deployments = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The resource endpoint (required), e.g. {@code https://contoso.openai.azure.com}, without
         * {@code /openai/...}. Must be https unless the host is loopback.
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** The resource endpoint as text. @throws IllegalArgumentException if it is not a URI */
        public Builder endpoint(String endpoint) {
            return endpoint(URI.create(Objects.requireNonNull(endpoint, "endpoint").strip()));
        }

        /** The resource's API key, sent in the {@code api-key} header. Exclusive with {@link #tokenSupplier}. */
        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The API key as text. @throws IllegalArgumentException if blank */
        public Builder apiKey(String apiKey) {
            return apiKey(key(apiKey, "AZURE_OPENAI_API_KEY"));
        }

        /**
         * Entra ID authentication: {@code Authorization: Bearer} with tokens of {@code supplier} (see
         * {@link AzureIdentityTokens} for azure-identity). Exclusive with {@link #apiKey}.
         */
        public Builder tokenSupplier(AzureTokenSupplier supplier) {
            this.tokenSupplier = supplier;
            return this;
        }

        /** How long before expiry a cached token is replaced. Default 2 minutes. */
        public Builder tokenRefreshMargin(Duration margin) {
            Objects.requireNonNull(margin, "margin");
            if (margin.isNegative()) {
                throw new IllegalArgumentException("token refresh margin must not be negative: " + margin);
            }
            this.tokenRefreshMargin = margin;
            return this;
        }

        /**
         * The api-version query parameter. Classic form: default {@link #DEFAULT_API_VERSION}. v1 form: default
         * none (the v1 API needs none); set {@code preview} for preview features. A dated version
         * ({@code 2025-04-01-preview}) belongs to the classic form: with no {@link #urlStyle} set it selects
         * {@link AzureUrlStyle#CLASSIC}; with {@code V1} set explicitly, {@link #build()} refuses it.
         */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        /** The URL form. Default {@link AzureUrlStyle#V1}, or {@code CLASSIC} when a dated api-version is set. */
        public Builder urlStyle(AzureUrlStyle urlStyle) {
            this.urlStyle = Objects.requireNonNull(urlStyle, "urlStyle");
            return this;
        }

        /** Maps the logical {@code model} to the Azure deployment {@code deployment}. At least one is required. */
        public Builder deployment(ModelId model, String deployment) {
            deployments.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(deployment, "deployment"));
            return this;
        }

        /** Maps the logical {@code model} to {@code deployment}. */
        public Builder deployment(String model, String deployment) {
            return deployment(ModelId.of(model), deployment);
        }

        /** Adds every mapping of {@code modelToDeployment} (logical model id to deployment name). */
        public Builder deployments(Map<String, String> modelToDeployment) {
            modelToDeployment.forEach(this::deployment);
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
         * @throws IllegalArgumentException naming the setting: no endpoint, or one with {@code /openai} in
         *                                  its path, a query or an insecure scheme; no or both authentication
         *                                  styles; no deployment, or a deployment name or api-version with
         *                                  characters a URL cannot carry as they are
         */
        public AzureImageGenerator build() {
            String base = endpoint();
            if (apiKey != null && tokenSupplier != null) {
                throw new IllegalArgumentException("Azure OpenAI takes exactly one authentication style, but both "
                        + "api-key and an Entra ID token supplier were given; remove one");
            }
            if (apiKey == null && tokenSupplier == null) {
                apiKey = secretFromEnvironment("AZURE_OPENAI_API_KEY").orElse(null);
            }
            if (apiKey == null && tokenSupplier == null) {
                throw new IllegalArgumentException("Azure OpenAI needs an authentication style: apiKey(...) (api-key in "
                        + "config, or AZURE_OPENAI_API_KEY with environment(System.getenv()): it is not set there), or "
                        + "an Entra ID token supplier (tokenSupplier, the entra-id setting with azure-identity, or "
                        + "ad-token)");
            }
            if (deployments.isEmpty()) {
                throw new IllegalArgumentException("Azure OpenAI needs at least one deployment: map each logical "
                        + "model to your deployment name, e.g. deployments: {gpt-image-2: img2-prod}");
            }
            deployments.forEach((model, deployment) -> {
                if (!DEPLOYMENT.matcher(deployment).matches()) {
                    throw new IllegalArgumentException("deployment '" + deployment + "' for model " + model
                            + ": Azure deployment names consist of letters, digits, '.', '_' and '-'");
                }
            });
            String version = apiVersion;
            if (version != null && !API_VERSION.matcher(version.strip()).matches()) {
                throw new IllegalArgumentException("api-version '" + version + "': expected e.g. "
                        + DEFAULT_API_VERSION + " (classic) or preview (v1)");
            }
            boolean dated = version != null && AzureApiVersions.isDated(version.strip());
            AzureUrlStyle style = urlStyle != null ? urlStyle : dated ? AzureUrlStyle.CLASSIC : AzureUrlStyle.V1;
            if (style == AzureUrlStyle.V1 && dated) {
                throw new IllegalArgumentException("api-version '" + version.strip() + "' is a dated version of the "
                        + "classic URL form; the v1 form (" + base + "/openai/v1/...) takes none, or 'preview'. Set "
                        + "url-style: classic to use " + version.strip() + ", or remove api-version (unset "
                        + "OPENAI_API_VERSION for the CLI)");
            }
            if (version == null && style == AzureUrlStyle.CLASSIC) {
                version = DEFAULT_API_VERSION;
            }
            AzureTokenSupplier supplier = tokenSupplier;
            BearerTokens tokens = supplier == null ? null : new BearerTokens(() -> {
                AzureToken t = supplier.token();
                return t == null ? null : new BearerTokens.Token(t.token(), t.expiresAt());
            }, tokenRefreshMargin, clock, "azure", "Entra ID token supplier");
            AzureDialect dialect = new AzureDialect(base, style, version == null ? null : version.strip(), apiKey,
                    tokens, deployments);
            ModelId catalogDefault = catalog().defaultModel();
            ModelId deployed = deployments.containsKey(catalogDefault) ? catalogDefault
                    : deployments.keySet().iterator().next();
            return new AzureImageGenerator(wire(dialect, deployed).build());
        }

        private String endpoint() {
            if (endpoint == null) {
                endpoint = fromEnvironment("AZURE_OPENAI_ENDPOINT").map(URI::create).orElse(null);
            }
            if (endpoint == null) {
                throw new IllegalArgumentException("an Azure OpenAI endpoint is required (endpoint, e.g. "
                        + "https://contoso.openai.azure.com, or AZURE_OPENAI_ENDPOINT with environment(System.getenv()))");
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "': expected an absolute URL such as "
                        + "https://contoso.openai.azure.com");
            }
            if (endpoint.getRawUserInfo() != null) {
                throw new IllegalArgumentException("endpoint " + endpoint.getScheme() + "://***@" + endpoint.getHost()
                        + ": must not carry credentials; use apiKey or tokenSupplier");
            }
            if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
                throw new IllegalArgumentException("endpoint '" + endpoint.getScheme() + "://" + endpoint.getHost()
                        + "...': must not have a query or fragment; set the api-version with apiVersion");
            }
            String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith("/openai") || lower.contains("/openai/")) {
                throw new IllegalArgumentException("endpoint '" + endpoint.getScheme() + "://" + endpoint.getRawAuthority()
                        + path + "': give the resource endpoint without /openai/... (e.g. https://"
                        + endpoint.getHost() + "); the URL form is chosen with urlStyle (classic or v1)");
            }
            return endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path;
        }
    }
}
