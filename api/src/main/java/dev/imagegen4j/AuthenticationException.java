package dev.imagegen4j;

/**
 * The vendor rejected the credentials: HTTP 401 (bad or missing key, expired Entra token) or 403
 * (missing role, organization not verified for the model, resource blocked). Fix the configuration;
 * a router fails over to the next provider. Never contains the key or token.
 */
public class AuthenticationException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** A local error with only a message. */
    public AuthenticationException(String message) {
        super(message);
    }

    /**
     * An error from a vendor's answer.
     *
     * @param message      what went wrong, without secrets
     * @param cause        the underlying cause, may be null
     * @param providerId   the provider that failed
     * @param httpStatus   the HTTP status, or 0 when there was no response
     * @param requestId    the vendor's request id, may be null
     * @param providerCode the vendor's error code, may be null
     */
    public AuthenticationException(String message, Throwable cause, String providerId, int httpStatus, String requestId,
            String providerCode) {
        super(message, cause, providerId, httpStatus, requestId, providerCode);
    }
}
