package dev.imagegen4j.observe;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call observation that never throws: an observer's exception is logged at DEBUG and dropped, so that a broken
 * meter registry or exporter cannot turn a served, paid request into a failure.
 */
final class SafeObservation implements CallObservation {

    private static final Logger LOG = LoggerFactory.getLogger(SafeObservation.class);

    private final CallObservation delegate;

    private SafeObservation(CallObservation delegate) {
        this.delegate = delegate;
    }

    static CallObservation start(ImageObserver observer, ImageCall call) {
        try {
            CallObservation o = observer.start(call);
            return o == null ? CallObservation.NONE : new SafeObservation(o);
        } catch (RuntimeException e) {
            LOG.debug("observer {} failed to start a call; the call is not observed", observer, e);
            return CallObservation.NONE;
        }
    }

    static void register(ImageObserver observer, String name, ImageGenerator generator) {
        try {
            observer.register(name, generator);
        } catch (RuntimeException e) {
            LOG.debug("observer {} failed to register {}", observer, name, e);
        }
    }

    private void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debug("observer {} failed; ignored", delegate, e);
        }
    }

    @Override
    public void onAttempt(String providerId, int attempt, ImageRequest request) {
        run(() -> delegate.onAttempt(providerId, attempt, request));
    }

    @Override
    public void onAttemptFailure(String providerId, int attempt, ImageGenerationException failure) {
        run(() -> delegate.onAttemptFailure(providerId, attempt, failure));
    }

    @Override
    public void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
        run(() -> delegate.onRetry(providerId, failure, delay));
    }

    @Override
    public void onSkip(String providerId, String reason) {
        run(() -> delegate.onSkip(providerId, reason));
    }

    @Override
    public void onFailover(String fromProviderId, ImageGenerationException failure) {
        run(() -> delegate.onFailover(fromProviderId, failure));
    }

    @Override
    public void onSuccess(String providerId, ImageResult result) {
        run(() -> delegate.onSuccess(providerId, result));
    }

    @Override
    public void onFailure(ImageGenerationException failure) {
        run(() -> delegate.onFailure(failure));
    }

    @Override
    public void onBytesReceived(long totalBytes) {
        run(() -> delegate.onBytesReceived(totalBytes));
    }

    @Override
    public void onCallSuccess(ImageResult result) {
        run(() -> delegate.onCallSuccess(result));
    }

    @Override
    public void onCallFailure(Throwable failure) {
        run(() -> delegate.onCallFailure(failure));
    }
}
