package dev.imagegen4j.routing;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;

/**
 * A decorator that takes part in a route: it receives the request's shared {@link Attempts}. Called
 * directly (as a plain {@link ImageGenerator}) it starts a fresh budget of its own.
 */
abstract class RoutingStep implements ImageGenerator {

    /** Runs the request within {@code attempts}. */
    abstract ImageResult generate(ImageRequest request, ImageListener listener, Attempts attempts);

    /** The budget a request gets when this step is the outermost one. */
    abstract int defaultBudget();

    /** The listener of a request that starts here. */
    abstract ImageGenerationListener listener();

    @Override
    public final ImageResult generate(ImageRequest request, ImageListener listener) {
        ImageGenerationListener route = listener();
        // a call's own ImageListener may also want this call's routing events (see ImageGenerationListener)
        Attempts attempts = new Attempts(defaultBudget(), listener instanceof ImageGenerationListener
                && listener != route ? new BothListeners(route, (ImageGenerationListener) listener) : route);
        try {
            ImageResult result = generate(request, listener, attempts);
            return result;
        } catch (ImageGenerationException e) {
            attempts.listener().onFailure(e);
            throw e;
        }
    }

    /** Calls {@code next} within {@code attempts}: a step passes them on, a provider uses one. */
    static ImageResult call(ImageGenerator next, ImageRequest request, ImageListener listener, Attempts attempts) {
        if (next instanceof RoutingStep) {
            return ((RoutingStep) next).generate(request, listener, attempts);
        }
        if (!attempts.tryConsume()) {
            throw new BudgetExhaustedException(attempts.budget());
        }
        int attempt = attempts.used();
        attempts.listener().onAttempt(next.providerId(), attempt, request);
        try {
            ImageResult result = next.generate(request, listener);
            attempts.listener().onSuccess(next.providerId(), result);
            return result;
        } catch (ImageGenerationException e) {
            attempts.failed(next.providerId(), e);
            attempts.listener().onAttemptFailure(next.providerId(), attempt, e);
            throw e;
        }
    }

    /** The attempt budget is spent; the route stops. */
    static final class BudgetExhaustedException extends ImageGenerationException {
        private static final long serialVersionUID = 1L;

        BudgetExhaustedException(int budget) {
            super("the attempt budget of " + budget + " is spent");
        }
    }
}
