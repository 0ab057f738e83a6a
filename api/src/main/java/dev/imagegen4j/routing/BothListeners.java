package dev.imagegen4j.routing;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import java.time.Duration;

/** Sends a request's routing events to the route's listener and to the call's own. */
final class BothListeners implements ImageGenerationListener {

    private final ImageGenerationListener first;
    private final ImageGenerationListener second;

    BothListeners(ImageGenerationListener first, ImageGenerationListener second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void onAttempt(String providerId, int attempt, ImageRequest request) {
        first.onAttempt(providerId, attempt, request);
        second.onAttempt(providerId, attempt, request);
    }

    @Override
    public void onAttemptFailure(String providerId, int attempt, ImageGenerationException failure) {
        first.onAttemptFailure(providerId, attempt, failure);
        second.onAttemptFailure(providerId, attempt, failure);
    }

    @Override
    public void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
        first.onRetry(providerId, failure, delay);
        second.onRetry(providerId, failure, delay);
    }

    @Override
    public void onSkip(String providerId, String reason) {
        first.onSkip(providerId, reason);
        second.onSkip(providerId, reason);
    }

    @Override
    public void onFailover(String fromProviderId, ImageGenerationException failure) {
        first.onFailover(fromProviderId, failure);
        second.onFailover(fromProviderId, failure);
    }

    @Override
    public void onSuccess(String providerId, ImageResult result) {
        first.onSuccess(providerId, result);
        second.onSuccess(providerId, result);
    }

    @Override
    public void onFailure(ImageGenerationException failure) {
        first.onFailure(failure);
        second.onFailure(failure);
    }
}
