package dev.imagegen4j.routing;

import dev.imagegen4j.ProviderException;

/**
 * The provider's circuit is open after repeated failures: it was not called. A router fails over;
 * after the cool-down one real request goes through as the probe.
 */
public class CircuitOpenException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** @param providerId the provider whose circuit is open */
    public CircuitOpenException(String providerId) {
        super("circuit open after repeated failures; not called", null, providerId, 0, null, null);
    }
}
