package dev.imagegen4j.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.util.Objects;

/**
 * Entra ID tokens from azure-identity's {@link TokenCredential}s (managed identity, workload identity,
 * Azure CLI, {@code DefaultAzureCredential} ...) as an {@link AzureTokenSupplier}:
 *
 * <pre>{@code
 * ImageGenerator azure = AzureImageGenerator.builder()
 *     .endpoint("https://contoso.openai.azure.com")
 *     .tokenSupplier(AzureIdentityTokens.of(new DefaultAzureCredentialBuilder().build()))
 *     .deployment(ModelId.GPT_IMAGE_2, "img2-prod")
 *     .build();
 * }</pre>
 *
 * <p>This is the only class of imagegen4j that uses {@code com.azure:azure-identity} (an optional
 * dependency: add it to your application to use this class). Everything else in this module works
 * without it on the class path. Thread-safe.
 */
public final class AzureIdentityTokens {

    /**
     * {@code https://cognitiveservices.azure.com/.default}, the scope of Azure OpenAI tokens. Microsoft's 2026
     * Foundry examples use {@code https://ai.azure.com/.default}; either works for Azure OpenAI resources.
     */
    public static final String DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default";

    private AzureIdentityTokens() {
    }

    /** Tokens of {@code credential} for {@link #DEFAULT_SCOPE}. */
    public static AzureTokenSupplier of(TokenCredential credential) {
        return of(credential, DEFAULT_SCOPE);
    }

    /**
     * Tokens of {@code credential} for {@code scope}.
     *
     * @throws IllegalArgumentException if the scope is blank
     */
    public static AzureTokenSupplier of(TokenCredential credential, String scope) {
        Objects.requireNonNull(credential, "credential");
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("scope must not be blank (default " + DEFAULT_SCOPE + ")");
        }
        String s = scope.strip();
        return () -> {
            AccessToken t = credential.getTokenSync(new TokenRequestContext().addScopes(s));
            if (t == null || t.getToken() == null || t.getToken().isBlank()) {
                throw new IllegalStateException(credential.getClass().getSimpleName() + " returned no token for scope "
                        + s);
            }
            if (t.getExpiresAt() == null) {
                throw new IllegalStateException(credential.getClass().getSimpleName()
                        + " returned a token without an expiry for scope " + s);
            }
            return AzureToken.of(t.getToken(), t.getExpiresAt().toInstant());
        };
    }

    /** Tokens of azure-identity's {@code DefaultAzureCredential} for {@code scope}. */
    public static AzureTokenSupplier defaultCredential(String scope) {
        return of(new DefaultAzureCredentialBuilder().build(), scope);
    }
}
