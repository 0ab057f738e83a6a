package dev.imagegen4j.routing;

import dev.imagegen4j.ImageGenerationException;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempt budget and log of one logical request, shared by every routing step beneath the
 * outermost one. Used by one request at a time (a failover route runs its members in sequence).
 */
final class Attempts {

    /** One provider call that failed. */
    static final class Failure {
        final String providerId;
        final ImageGenerationException exception;

        Failure(String providerId, ImageGenerationException exception) {
            this.providerId = providerId;
            this.exception = exception;
        }
    }

    private final int budget;
    private final ImageGenerationListener listener;
    private int used;
    final List<Failure> failures = new ArrayList<>();

    Attempts(int budget, ImageGenerationListener listener) {
        this.budget = budget;
        this.listener = listener;
    }

    ImageGenerationListener listener() {
        return listener;
    }

    /** Takes one attempt from the budget; false when it is spent. */
    synchronized boolean tryConsume() {
        if (used >= budget) {
            return false;
        }
        used++;
        return true;
    }

    synchronized int used() {
        return used;
    }

    synchronized boolean exhausted() {
        return used >= budget;
    }

    int budget() {
        return budget;
    }

    synchronized void failed(String providerId, ImageGenerationException e) {
        failures.add(new Failure(providerId, e));
    }
}
