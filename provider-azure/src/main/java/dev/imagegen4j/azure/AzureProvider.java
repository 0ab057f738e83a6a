package dev.imagegen4j.azure;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireSettings;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code azure} provider: fills {@link AzureImageGenerator#builder()} from settings.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Key</th><th>Meaning</th></tr>
 *   <tr><td>{@code endpoint}</td><td>required (or {@code AZURE_OPENAI_ENDPOINT} when the environment is passed
 *       in): {@code https://contoso.openai.azure.com}</td></tr>
 *   <tr><td>{@code api-key}</td><td>the resource key (or {@code AZURE_OPENAI_API_KEY} when the environment is
 *       passed in and no token setting is given)</td></tr>
 *   <tr><td>{@code entra-id}</td><td>{@code true}: Entra ID tokens of azure-identity's
 *       {@code DefaultAzureCredential} (needs {@code com.azure:azure-identity} on the class path)</td></tr>
 *   <tr><td>{@code scope}</td><td>the token scope with {@code entra-id}; default
 *       {@value AzureIdentityTokens#DEFAULT_SCOPE}</td></tr>
 *   <tr><td>{@code ad-token}</td><td>a fixed Entra ID token (not refreshed)</td></tr>
 *   <tr><td>{@code api-version}</td><td>default {@value AzureImageGenerator#DEFAULT_API_VERSION} (classic),
 *       none (v1)</td></tr>
 *   <tr><td>{@code url-style}</td><td>{@code v1} (default) or {@code classic}</td></tr>
 *   <tr><td>{@code deployments}</td><td>required: logical model to deployment,
 *       {@code {gpt-image-2: img2-prod}}</td></tr>
 * </table>
 *
 * <p>Exactly one of {@code api-key}, {@code entra-id: true} and {@code ad-token}. Plus the common keys of
 * {@link WireSettings} (request defaults, timeouts, {@code allow-insecure-http}, {@code expect-continue}).
 */
public final class AzureProvider implements ImageGeneratorProvider {

    private static final Set<String> KEYS = WireSettings.keysWith(Set.of("endpoint", "api-key", "entra-id", "scope",
            "ad-token", "api-version", "url-style", "deployments"));
    private static final String IDENTITY_CLASS = "com.azure.identity.DefaultAzureCredentialBuilder";

    @Override
    public String id() {
        return "azure";
    }

    @Override
    public Set<String> settingKeys() {
        return KEYS;
    }

    @Override
    public ImageGenerator create(ProviderSettings s) {
        s.requireOnlyKeys(id(), KEYS);
        AzureImageGenerator.Builder b = AzureImageGenerator.builder();
        b.endpoint(s.uri("endpoint").or(() -> s.env("AZURE_OPENAI_ENDPOINT").map(java.net.URI::create))
                .orElseThrow(() -> s.error("setting 'endpoint' is required for provider "
                        + "azure, e.g. https://contoso.openai.azure.com (or pass the environment with "
                        + "AZURE_OPENAI_ENDPOINT set)")));
        boolean entraId = s.bool("entra-id", false);
        Optional<Secret> adToken = s.secret("ad-token");
        Optional<Secret> apiKey = s.secret("api-key");
        int styles = (entraId ? 1 : 0) + (adToken.isPresent() ? 1 : 0) + (apiKey.isPresent() ? 1 : 0);
        if (styles > 1) {
            throw s.error("provider azure takes exactly one of 'api-key', "
                    + "'entra-id: true' and 'ad-token'; remove the others");
        }
        if (s.has("scope") && !entraId) {
            throw s.error("setting 'scope' applies only with 'entra-id: true'");
        }
        if (entraId) {
            b.tokenSupplier(defaultCredential(s, s.string("scope").orElse(AzureIdentityTokens.DEFAULT_SCOPE)));
        } else if (adToken.isPresent()) {
            Secret token = adToken.get();
            b.tokenSupplier(() -> AzureToken.of(token, Instant.MAX));
        } else {
            b.apiKey(apiKey.or(() -> s.secretEnv("AZURE_OPENAI_API_KEY"))
                    .orElseThrow(() -> s.error("provider azure needs 'api-key', "
                            + "'entra-id: true' or 'ad-token' (or pass the environment with AZURE_OPENAI_API_KEY "
                            + "set)")));
        }
        s.string("api-version").ifPresent(b::apiVersion);
        try {
            s.string("url-style").map(AzureUrlStyle::of).ifPresent(b::urlStyle);
        } catch (IllegalArgumentException e) {
            throw s.withName(new IllegalArgumentException("setting " + e.getMessage(), e));
        }
        b.deployments(s.stringMap("deployments"));
        b.settings(s);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw s.withName(e);
        }
    }

    private static AzureTokenSupplier defaultCredential(ProviderSettings s, String scope) {
        try {
            Class.forName(IDENTITY_CLASS, false, AzureProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw s.error("setting 'entra-id: true' needs com.azure:azure-identity on "
                    + "the class path (add the dependency com.azure:azure-identity), or use 'api-key' or 'ad-token'");
        }
        return AzureIdentityTokens.defaultCredential(scope);
    }
}
