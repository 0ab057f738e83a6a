package dev.imagegen4j.observe;

import dev.imagegen4j.ImageResult;
import dev.imagegen4j.routing.ImageGenerationListener;

/**
 * The events of one logical call, in order: the routing events of {@link ImageGenerationListener} when the observed
 * generator is a route ({@code onAttempt}, {@code onAttemptFailure}, {@code onRetry}, {@code onSkip},
 * {@code onFailover}, {@code onSuccess} of the serving attempt; a plain provider sends none), {@link #onBytesReceived}
 * while answers arrive, and exactly one of {@link #onCallSuccess} or {@link #onCallFailure} at the end. A route's
 * {@link ImageGenerationListener#onFailure} also arrives, just before {@code onCallFailure}.
 *
 * <p>Called on the thread that runs the call (parallel sub-calls of one request may report bytes from other
 * threads); implementations must be quick and must not throw.
 */
public interface CallObservation extends ImageGenerationListener {

    /** Ignores everything. */
    CallObservation NONE = new CallObservation() {
        @Override
        public void onCallSuccess(ImageResult result) {
        }

        @Override
        public void onCallFailure(Throwable failure) {
        }
    };

    /**
     * {@code totalBytes} of response bodies have arrived in this call so far, over every attempt (from
     * {@link dev.imagegen4j.ImageListener#onBytesReceived}, which providers call about every 64 KiB while receiving and once with the total at the end).
     */
    default void onBytesReceived(long totalBytes) {
    }

    /** The call returned {@code result} (usage, cost, the serving provider and the warnings are on it). */
    void onCallSuccess(ImageResult result);

    /** The call threw {@code failure} (usually an {@link dev.imagegen4j.ImageGenerationException}). */
    void onCallFailure(Throwable failure);
}
