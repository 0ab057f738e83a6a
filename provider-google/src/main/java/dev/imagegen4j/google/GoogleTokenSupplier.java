package dev.imagegen4j.google;

/**
 * Supplies OAuth 2 access tokens for Vertex AI ({@code Authorization: Bearer}), e.g. from google-auth-library:
 *
 * <pre>{@code
 * GoogleCredentials credentials = GoogleCredentials.getApplicationDefault()
 *         .createScoped("https://www.googleapis.com/auth/cloud-platform");
 * GoogleTokenSupplier tokens = () -> {
 *     AccessToken t = credentials.refreshAccessToken();
 *     return GoogleAccessToken.of(t.getTokenValue(), t.getExpirationTime().toInstant());
 * };
 * }</pre>
 *
 * <p>The generator asks for a token when an HTTP attempt needs one and its cached token is missing or expires within
 * the refresh margin (default 2 minutes), so a supplier is called rarely, and never by two threads of one generator
 * at once. It may block.
 */
@FunctionalInterface
public interface GoogleTokenSupplier {

    /**
     * A fresh token.
     *
     * @return the token, never null
     * @throws Exception if none can be obtained; the call then fails with an
     *                   {@link dev.imagegen4j.AuthenticationException} (whose message never contains a token)
     */
    GoogleAccessToken token() throws Exception;
}
