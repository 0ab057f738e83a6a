package dev.imagegen4j.routing;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one generator on {@link RetryableException} (see {@link RetryOptions}); a
 * {@link ResultUnknownException} only when opted in. Failsafe runs the loop; the delay is the server's
 * when it gave one, never shortened by jitter.
 */
final class RetryingGenerator extends DecoratingStep {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingGenerator.class);

    private final RetryOptions options;
    private final boolean retryUnknownResult;

    RetryingGenerator(ImageGenerator delegate, RetryOptions options, boolean retryUnknownResult,
            ImageGenerationListener listener) {
        super(delegate, listener);
        this.options = options;
        this.retryUnknownResult = retryUnknownResult;
    }

    private boolean retryable(Throwable e) {
        return e instanceof RetryableException || (retryUnknownResult && e instanceof ResultUnknownException);
    }

    private Duration serverDelay(Throwable e) {
        return e instanceof RetryableException ? ((RetryableException) e).retryAfter().orElse(null) : null;
    }

    @Override
    ImageResult generate(ImageRequest request, ImageListener imageListener, Attempts attempts) {
        RetryPolicy<ImageResult> policy = RetryPolicy.<ImageResult>builder()
                .handleIf(this::retryable)
                .abortIf((r, e) -> e instanceof RoutingStep.BudgetExhaustedException)
                .abortIf((r, e) -> e instanceof dev.imagegen4j.quota.QuotaWaitException) // over the quota's max-wait: fail over
                .abortIf((r, e) -> {
                    Duration d = serverDelay(e);
                    return d != null && d.compareTo(options.retryAfterCeiling()) > 0;
                })
                .withMaxRetries(options.maxRetries())
                .withDelayFn(ctx -> {
                    Duration d = serverDelay(ctx.getLastException());
                    return d != null ? d : options.backoff(ctx.getAttemptCount(), ThreadLocalRandom.current().nextDouble());
                })
                .onRetryScheduled(e -> {
                    ImageGenerationException failure = (ImageGenerationException) e.getLastException();
                    LOG.debug("{}: retry {} after {} in {} ms", delegate.providerId(), e.getAttemptCount(),
                            failure.getClass().getSimpleName(), e.getDelay().toMillis());
                    attempts.listener().onRetry(delegate.providerId(), failure, e.getDelay());
                })
                .build();
        try {
            return Failsafe.with(policy).get(() -> call(delegate, request, imageListener, attempts));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ImageGenerationException("interrupted while waiting to retry", e.getCause(),
                        delegate.providerId(), 0, null, null);
            }
            throw e;
        }
    }

    @Override
    int defaultBudget() {
        return options.maxRetries() + 1;
    }

    @Override
    public String toString() {
        return "Retry(" + delegate + ", " + options.maxRetries() + ")";
    }
}
