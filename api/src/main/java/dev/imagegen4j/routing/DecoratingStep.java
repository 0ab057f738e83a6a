package dev.imagegen4j.routing;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;

/** A routing step around one generator (retry, circuit breaker): it speaks for that generator. */
abstract class DecoratingStep extends RoutingStep {

    final ImageGenerator delegate;
    private final ImageGenerationListener listener;

    DecoratingStep(ImageGenerator delegate, ImageGenerationListener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    @Override
    final ImageGenerationListener listener() {
        return listener;
    }

    @Override
    public final ModelCapabilities capabilities(ModelId model) {
        return delegate.capabilities(model);
    }

    @Override
    public final java.util.List<String> check(dev.imagegen4j.ImageRequest request) {
        return delegate.check(request);
    }

    @Override
    public final dev.imagegen4j.DryRun dryRun(dev.imagegen4j.ImageRequest request) {
        return delegate.dryRun(request);
    }

    @Override
    public final String providerId() {
        return delegate.providerId();
    }

    @Override
    public final java.util.Optional<dev.imagegen4j.AsyncJobGenerator> asyncJobs(String providerId) {
        return delegate.asyncJobs(providerId);
    }

    @Override
    public final void close() {
        delegate.close();
    }
}
