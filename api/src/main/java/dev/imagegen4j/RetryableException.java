package dev.imagegen4j;

/**
 * A transient failure: the same provider may succeed after a pause. Raised for HTTP 5xx, 408, 409,
 * responses with {@code x-should-retry: true}, and failures to connect or to send the request (the
 * vendor never received it, so nothing was paid for). Rate limits are the subtype
 * {@link RateLimitException}.
 */
public class RetryableException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    private final java.time.Duration retryAfter;

    /** A local error with only a message. */
    public RetryableException(String message) {
        super(message);
        this.retryAfter = null;
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
    public RetryableException(String message, Throwable cause, String providerId, int httpStatus, String requestId,
            String providerCode) {
        this(message, cause, providerId, httpStatus, requestId, providerCode, null);
    }

    /**
     * A transient failure with the wait the server asked for ({@code retry-after-ms}, {@code retry-after},
     * {@code x-ms-retry-after-ms}).
     *
     * @param retryAfter the server's delay, may be null
     */
    public RetryableException(String message, Throwable cause, String providerId, int httpStatus, String requestId,
            String providerCode, java.time.Duration retryAfter) {
        super(message, cause, providerId, httpStatus, requestId, providerCode);
        this.retryAfter = retryAfter;
    }

    /** The wait the server asked for, if it said. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }
}
