package dev.imagegen4j.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * When a provider's circuit opens: after {@code failureThreshold} consecutive failures (server errors,
 * rate limits, unknown results, provider errors; never a rejected request), for {@code cooldown}; then
 * it half-opens and lets one real request through as the probe. Image calls are slow and few, so the
 * threshold is a small count, not a percentage of hundreds of calls.
 *
 * @param failureThreshold consecutive failures that open the circuit; default 3
 * @param cooldown         how long it stays open before the probe; default 30 s
 */
public record CircuitBreakerOptions(int failureThreshold, Duration cooldown) {

    /** 3 consecutive failures, 30 s cool-down. */
    public static final CircuitBreakerOptions DEFAULT = new CircuitBreakerOptions(3, Duration.ofSeconds(30));

    /** Validates the values. */
    public CircuitBreakerOptions {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("breaker failure threshold " + failureThreshold + ": must be at least 1");
        }
        Objects.requireNonNull(cooldown, "cooldown");
        if (cooldown.isNegative() || cooldown.isZero()) {
            throw new IllegalArgumentException("breaker cool-down must be positive: " + cooldown);
        }
    }
}
