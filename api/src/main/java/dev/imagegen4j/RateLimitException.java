package dev.imagegen4j;

import java.time.Duration;

/**
 * HTTP 429 that passes with time: too many requests or tokens per minute. Retry the same provider after
 * {@link #retryAfter()} (from {@code retry-after-ms}, {@code retry-after} in seconds or as an HTTP date,
 * or {@code x-ms-retry-after-ms}), or fail over when the wait is too long. A 429 whose code is
 * {@code insufficient_quota} is a {@link QuotaExceededException} instead.
 */
public class RateLimitException extends RetryableException {

    private static final long serialVersionUID = 1L;

    /**
     * A rate-limit answer.
     *
     * @param retryAfter how long the vendor asked to wait, may be null when it did not say
     */
    public RateLimitException(String message, Throwable cause, String providerId, int httpStatus,
            String requestId, String providerCode, Duration retryAfter) {
        super(message, cause, providerId, httpStatus, requestId, providerCode, retryAfter);
    }
}
