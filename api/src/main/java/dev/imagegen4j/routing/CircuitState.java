package dev.imagegen4j.routing;

/** The state of a route member's circuit breaker (see {@link CircuitBreakerOptions}). */
public enum CircuitState {
    /** Calls go through. */
    CLOSED,
    /** Calls fail fast without reaching the provider, until the cool-down ends. */
    OPEN,
    /** The cool-down ended: the next real request is the probe. */
    HALF_OPEN
}
