package dev.imagegen4j.observe;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import java.time.Duration;
import java.util.List;

/**
 * Passes every event to each of several (already safe) observations: in order, except the events that end an
 * attempt or the call, which go in reverse order, so that scopes the observers opened (a span made current) close
 * last-opened first.
 */
final class CompositeObservation implements CallObservation {

    private final List<CallObservation> all;
    private final List<CallObservation> reversed;

    CompositeObservation(List<CallObservation> all) {
        this.all = List.copyOf(all);
        List<CallObservation> r = new java.util.ArrayList<>(all);
        java.util.Collections.reverse(r);
        this.reversed = List.copyOf(r);
    }

    @Override
    public void onAttempt(String providerId, int attempt, ImageRequest request) {
        all.forEach(o -> o.onAttempt(providerId, attempt, request));
    }

    @Override
    public void onAttemptFailure(String providerId, int attempt, ImageGenerationException failure) {
        reversed.forEach(o -> o.onAttemptFailure(providerId, attempt, failure));
    }

    @Override
    public void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
        all.forEach(o -> o.onRetry(providerId, failure, delay));
    }

    @Override
    public void onSkip(String providerId, String reason) {
        all.forEach(o -> o.onSkip(providerId, reason));
    }

    @Override
    public void onFailover(String fromProviderId, ImageGenerationException failure) {
        all.forEach(o -> o.onFailover(fromProviderId, failure));
    }

    @Override
    public void onSuccess(String providerId, ImageResult result) {
        reversed.forEach(o -> o.onSuccess(providerId, result));
    }

    @Override
    public void onFailure(ImageGenerationException failure) {
        all.forEach(o -> o.onFailure(failure));
    }

    @Override
    public void onBytesReceived(long totalBytes) {
        all.forEach(o -> o.onBytesReceived(totalBytes));
    }

    @Override
    public void onCallSuccess(ImageResult result) {
        reversed.forEach(o -> o.onCallSuccess(result));
    }

    @Override
    public void onCallFailure(Throwable failure) {
        reversed.forEach(o -> o.onCallFailure(failure));
    }
}
