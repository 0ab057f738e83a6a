package dev.imagegen4j.routing;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import java.time.Duration;

/**
 * Observes a router: attempts, retries, skips, failovers, success and failure. Every method has a no-op
 * default. Called on the calling thread; implementations must be quick, thread-safe and must not throw.
 *
 * <p>A route's listener (set on its builder) sees every request. To observe one request, pass an
 * {@link dev.imagegen4j.ImageListener} that also implements this interface to
 * {@link dev.imagegen4j.ImageGenerator#generate(ImageRequest, dev.imagegen4j.ImageListener)}: the route sends that
 * request's routing events to it as well (this is how {@link dev.imagegen4j.observe.ImageObservation} correlates
 * attempts with their call).
 */
public interface ImageGenerationListener {

    /** A listener that ignores everything. */
    ImageGenerationListener NONE = new ImageGenerationListener() {
    };

    /** The {@link #onSkip} reason of a member whose circuit is open. */
    String CIRCUIT_OPEN = "circuit open";

    /** Attempt {@code attempt} (1-based, counted across the whole route) is about to go to {@code providerId}. */
    default void onAttempt(String providerId, int attempt, ImageRequest request) {
    }

    /**
     * Attempt {@code attempt} to {@code providerId} failed with {@code failure}. Called for every failed attempt,
     * before {@link #onRetry}, {@link #onFailover} or {@link #onFailure} say what the route does next.
     */
    default void onAttemptFailure(String providerId, int attempt, ImageGenerationException failure) {
    }

    /** {@code providerId} failed with {@code failure} and will be retried after {@code delay}. */
    default void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
    }

    /** {@code providerId} was not tried, for {@code reason} (e.g. "no mask support", "circuit open"). */
    default void onSkip(String providerId, String reason) {
    }

    /** The route moves on from {@code fromProviderId} after {@code failure}. */
    default void onFailover(String fromProviderId, ImageGenerationException failure) {
    }

    /** {@code providerId} served the request. */
    default void onSuccess(String providerId, ImageResult result) {
    }

    /** The request failed for good. */
    default void onFailure(ImageGenerationException failure) {
    }
}
