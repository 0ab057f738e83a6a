package dev.imagegen4j.quota;

import dev.imagegen4j.RateLimitException;
import java.time.Duration;

/**
 * A call was refused by a shared {@link Quota} before anything was sent: it would have waited longer than the
 * quota's {@link Quota.Builder#maxWait(Duration) max-wait} for its requests, images or tokens.
 * {@link #retryAfter()} is the wait it would have needed. A route fails over at once (this is not retried on the
 * same member, and an open circuit is not counted against it); alone, the caller sees it as a
 * {@link RateLimitException} naming the quota.
 */
public final class QuotaWaitException extends RateLimitException {

    private static final long serialVersionUID = 1L;

    private final String quota;

    QuotaWaitException(String message, String providerId, String quota, Duration wait) {
        super(message, null, providerId, 0, null, "quota_wait", wait);
        this.quota = quota;
    }

    /** The name of the quota that refused the call. */
    public String quota() {
        return quota;
    }
}
