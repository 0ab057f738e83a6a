package dev.imagegen4j.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * How one provider is retried on {@link dev.imagegen4j.RetryableException}: up to {@code maxRetries}
 * retries, waiting the server's delay ({@code retry-after-ms}, {@code retry-after},
 * {@code x-ms-retry-after-ms}) exactly when it gave one, else an exponential backoff from
 * {@code initialDelay} doubling up to {@code maxDelay} with ±{@code jitter}. A server delay above
 * {@code retryAfterCeiling} is not waited for: the router fails over instead.
 *
 * @param maxRetries        retries after the first attempt; default 2
 * @param initialDelay      first backoff delay; default 500 ms
 * @param maxDelay          largest backoff delay; default 8 s
 * @param jitter            random spread of backoff delays, 0..1; default 0.25
 * @param retryAfterCeiling longest server delay to wait; default 60 s
 */
public record RetryOptions(int maxRetries, Duration initialDelay, Duration maxDelay, double jitter,
        Duration retryAfterCeiling) {

    /** 2 retries, 500 ms doubling to 8 s, jitter 0.25, ceiling 60 s. */
    public static final RetryOptions DEFAULT = new RetryOptions(2, Duration.ofMillis(500), Duration.ofSeconds(8), 0.25,
            Duration.ofSeconds(60));

    /** No retries. */
    public static final RetryOptions NONE = DEFAULT.withMaxRetries(0);

    /** Validates the values. */
    public RetryOptions {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retries " + maxRetries + ": must not be negative");
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(retryAfterCeiling, "retryAfterCeiling");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("backoff delays must satisfy 0 <= initial (" + initialDelay
                    + ") <= max (" + maxDelay + ")");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter " + jitter + ": must be between 0 and 1");
        }
        if (retryAfterCeiling.isNegative()) {
            throw new IllegalArgumentException("retry-after ceiling must not be negative: " + retryAfterCeiling);
        }
    }

    /** A copy with another number of retries. */
    public RetryOptions withMaxRetries(int n) {
        return new RetryOptions(n, initialDelay, maxDelay, jitter, retryAfterCeiling);
    }

    /** A copy with other backoff delays. */
    public RetryOptions withBackoff(Duration initial, Duration max) {
        return new RetryOptions(maxRetries, initial, max, jitter, retryAfterCeiling);
    }

    /** A copy with another jitter. */
    public RetryOptions withJitter(double j) {
        return new RetryOptions(maxRetries, initialDelay, maxDelay, j, retryAfterCeiling);
    }

    /** A copy with another retry-after ceiling. */
    public RetryOptions withRetryAfterCeiling(Duration ceiling) {
        return new RetryOptions(maxRetries, initialDelay, maxDelay, jitter, ceiling);
    }

    /** The backoff before retry {@code retry} (1-based), with jitter drawn from {@code random} in [0,1). */
    Duration backoff(int retry, double random) {
        double base = initialDelay.toNanos() * Math.pow(2, Math.max(0, retry - 1));
        double capped = Math.min(base, maxDelay.toNanos());
        double spread = capped * jitter * (2 * random - 1);
        return Duration.ofNanos(Math.max(0, Math.round(capped + spread)));
    }
}
