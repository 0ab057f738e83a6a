package dev.imagegen4j;

/**
 * Billing quota or credits are exhausted: OpenAI's 429 {@code insufficient_quota}, AI/ML API's 403
 * "out of credits". Unlike a rate limit this does not pass with time; fail over and top up.
 */
public class QuotaExceededException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** A local error with only a message. */
    public QuotaExceededException(String message) {
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
    public QuotaExceededException(String message, Throwable cause, String providerId, int httpStatus, String requestId,
            String providerCode) {
        super(message, cause, providerId, httpStatus, requestId, providerCode);
    }
}
