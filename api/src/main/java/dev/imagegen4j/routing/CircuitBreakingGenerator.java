package dev.imagegen4j.routing;

import dev.failsafe.CircuitBreaker;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker around one generator (Failsafe's {@link CircuitBreaker}). Failures are what says the
 * provider is unwell: retryable errors, provider errors, unknown results. A rejected request
 * ({@link InvalidRequestException}, incl. content policy) says nothing about the provider's health and
 * counts as a success. While open, calls fail fast with {@link CircuitOpenException}; after the
 * cool-down one real request is let through as the probe.
 */
final class CircuitBreakingGenerator extends DecoratingStep {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakingGenerator.class);

    private final CircuitBreaker<Object> breaker;

    CircuitBreakingGenerator(ImageGenerator delegate, CircuitBreakerOptions options, ImageGenerationListener listener) {
        super(delegate, listener);
        this.breaker = CircuitBreaker.builder()
                .withFailureThreshold(options.failureThreshold())
                .withDelay(options.cooldown())
                .withSuccessThreshold(1)
                .onOpen(e -> LOG.debug("{}: circuit opened", delegate.providerId()))
                .onHalfOpen(e -> LOG.debug("{}: circuit half-open; the next request is the probe", delegate.providerId()))
                .onClose(e -> LOG.debug("{}: circuit closed", delegate.providerId()))
                .build();
    }

    /** Whether the circuit is open now. */
    boolean isOpen() {
        return breaker.isOpen();
    }

    /** The state now. */
    CircuitState state() {
        switch (breaker.getState()) {
            case OPEN:
                return CircuitState.OPEN;
            case HALF_OPEN:
                return CircuitState.HALF_OPEN;
            default:
                return CircuitState.CLOSED;
        }
    }

    @Override
    ImageResult generate(ImageRequest request, ImageListener imageListener, Attempts attempts) {
        if (!breaker.tryAcquirePermit()) {
            throw new CircuitOpenException(delegate.providerId());
        }
        try {
            ImageResult result = call(delegate, request, imageListener, attempts);
            breaker.recordSuccess();
            return result;
        } catch (RoutingStep.BudgetExhaustedException e) {
            breaker.recordSuccess(); // nothing was sent: release the permit without judging the provider
            throw e;
        } catch (dev.imagegen4j.quota.QuotaWaitException e) {
            breaker.recordSuccess(); // refused by a shared quota, nothing sent: says nothing about the provider
            throw e;
        } catch (InvalidRequestException e) {
            breaker.recordSuccess();
            throw e;
        } catch (ImageGenerationException e) {
            breaker.recordFailure();
            throw e;
        } catch (RuntimeException e) {
            breaker.recordFailure();
            throw e;
        }
    }

    @Override
    int defaultBudget() {
        return 1;
    }

    @Override
    public String toString() {
        return "CircuitBreaker(" + delegate + ", " + breaker.getState() + ")";
    }
}
