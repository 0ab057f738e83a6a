package dev.imagegen4j.azure;

/**
 * Supplies Entra ID (Azure AD) access tokens for {@code Authorization: Bearer} authentication, e.g. from
 * your own token service, or from azure-identity through {@link AzureIdentityTokens#of}.
 *
 * <p>The generator asks for a token when an HTTP attempt needs one and its cached token is missing or
 * expires within the refresh margin (default 2 minutes), so a supplier is called rarely, and never by two
 * threads of one generator at once. It may block (e.g. for a network call).
 */
@FunctionalInterface
public interface AzureTokenSupplier {

    /**
     * A fresh token.
     *
     * @return the token, never null
     * @throws Exception if none can be obtained; the call then fails with an
     *                   {@link dev.imagegen4j.AuthenticationException} (whose message never contains a token)
     */
    AzureToken token() throws Exception;
}
