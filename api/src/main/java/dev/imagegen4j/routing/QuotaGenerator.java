package dev.imagegen4j.routing;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.quota.Quota;

/**
 * Takes a call's share of a {@link Quota} before the generator is called, and settles it after (see
 * {@link Quota}). Sits next to the provider, so every retry of a route passes the quota again. A
 * {@link dev.imagegen4j.quota.QuotaWaitException} (nothing sent) is not retried on this member and is not counted
 * by its circuit breaker: the route fails over at once.
 */
final class QuotaGenerator extends DecoratingStep {

    private final Quota quota;

    QuotaGenerator(ImageGenerator delegate, Quota quota, ImageGenerationListener listener) {
        super(delegate, listener);
        this.quota = quota;
    }

    @Override
    ImageResult generate(ImageRequest request, ImageListener imageListener, Attempts attempts) {
        Quota.Permit permit = quota.acquire(request, delegate.providerId());
        ImageResult result;
        try {
            result = call(delegate, request, imageListener, attempts);
        } catch (RuntimeException | Error e) {
            permit.failed(e);
            throw e;
        }
        permit.succeeded(result);
        return result;
    }

    @Override
    int defaultBudget() {
        return 1;
    }

    @Override
    public String toString() {
        return "Quota(" + delegate + ", " + quota.name() + ")";
    }
}
