package dev.imagegen4j;

/**
 * This provider cannot serve the request now or at all (bad credentials, unknown model or deployment,
 * exhausted quota). Do not retry the same provider; fail over to another one.
 *
 * <p>Raised for HTTP 401/403 (see {@link AuthenticationException}), 404 and {@code model_not_found}
 * ({@link ModelNotFoundException}), and quota or credit exhaustion ({@link QuotaExceededException}).
 */
public class ProviderException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /** A local error with only a message. */
    public ProviderException(String message) {
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
    public ProviderException(String message, Throwable cause, String providerId, int httpStatus, String requestId,
            String providerCode) {
        super(message, cause, providerId, httpStatus, requestId, providerCode);
    }
}
