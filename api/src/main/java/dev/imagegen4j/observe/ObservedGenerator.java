package dev.imagegen4j.observe;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.PartialImage;
import dev.imagegen4j.internal.AsyncSupport;
import dev.imagegen4j.routing.ImageGenerationListener;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A generator whose calls an {@link ImageObserver} sees; see {@link ImageObservation#observe}. */
final class ObservedGenerator implements ImageGenerator {

    final ImageGenerator delegate;
    private final String name;
    private final ImageObserver observer;

    ObservedGenerator(String name, ImageGenerator delegate, ImageObserver observer) {
        this.name = name;
        this.delegate = delegate;
        this.observer = observer;
    }

    @Override
    public ImageResult generate(ImageRequest request, ImageListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        CallObservation observation = SafeObservation.start(observer, new ImageCall(name, delegate.providerId(),
                request));
        ImageResult result;
        try {
            result = delegate.generate(request, new CallListener(listener, observation));
        } catch (RuntimeException | Error e) {
            observation.onCallFailure(e);
            throw e;
        }
        observation.onCallSuccess(result);
        return result;
    }

    /** Runs {@link #generate(ImageRequest)} on the library's pool, so that every event of the call is observed. */
    @Override
    public CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
        Objects.requireNonNull(request, "request");
        return AsyncSupport.supply(() -> generate(request));
    }

    @Override
    public ModelCapabilities capabilities(ModelId model) {
        return delegate.capabilities(model);
    }

    @Override
    public java.util.List<String> check(dev.imagegen4j.ImageRequest request) {
        return delegate.check(request);
    }

    @Override
    public dev.imagegen4j.DryRun dryRun(dev.imagegen4j.ImageRequest request) {
        return delegate.dryRun(request);
    }

    @Override
    public String providerId() {
        return delegate.providerId();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "Observed(" + name + ", " + delegate + ")";
    }

    /**
     * The call's listener: passes progress on to the caller's listener, and this call's routing events and byte
     * counts to the observation. Bytes are summed over attempts (each answer counts from 0).
     */
    private static final class CallListener implements ImageListener, ImageGenerationListener {
        private final ImageListener user;
        private final ImageGenerationListener userRouting;
        private final CallObservation observation;
        private long previousAttempts;
        private long thisAttempt;

        CallListener(ImageListener user, CallObservation observation) {
            this.user = user;
            this.userRouting = user instanceof ImageGenerationListener ? (ImageGenerationListener) user
                    : ImageGenerationListener.NONE;
            this.observation = observation;
        }

        @Override
        public void onPhase(Phase phase) {
            user.onPhase(phase);
        }

        @Override
        public void onBytesReceived(long totalBytes) {
            user.onBytesReceived(totalBytes);
            long total;
            synchronized (this) {
                thisAttempt = Math.max(thisAttempt, totalBytes);
                total = previousAttempts + thisAttempt;
            }
            observation.onBytesReceived(total);
        }

        @Override
        public void onPartialImage(PartialImage partial) {
            user.onPartialImage(partial);
        }

        @Override
        public void onImage(GeneratedImage image) {
            user.onImage(image);
        }

        @Override
        public void onAttempt(String providerId, int attempt, ImageRequest request) {
            synchronized (this) {
                previousAttempts += thisAttempt;
                thisAttempt = 0;
            }
            observation.onAttempt(providerId, attempt, request);
            userRouting.onAttempt(providerId, attempt, request);
        }

        @Override
        public void onAttemptFailure(String providerId, int attempt, ImageGenerationException failure) {
            observation.onAttemptFailure(providerId, attempt, failure);
            userRouting.onAttemptFailure(providerId, attempt, failure);
        }

        @Override
        public void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
            observation.onRetry(providerId, failure, delay);
            userRouting.onRetry(providerId, failure, delay);
        }

        @Override
        public void onSkip(String providerId, String reason) {
            observation.onSkip(providerId, reason);
            userRouting.onSkip(providerId, reason);
        }

        @Override
        public void onFailover(String fromProviderId, ImageGenerationException failure) {
            observation.onFailover(fromProviderId, failure);
            userRouting.onFailover(fromProviderId, failure);
        }

        @Override
        public void onSuccess(String providerId, ImageResult result) {
            observation.onSuccess(providerId, result);
            userRouting.onSuccess(providerId, result);
        }

        @Override
        public void onFailure(ImageGenerationException failure) {
            observation.onFailure(failure);
            userRouting.onFailure(failure);
        }
    }
}
