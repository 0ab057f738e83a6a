package dev.imagegen4j.openai.wire;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import java.util.concurrent.CompletableFuture;

/**
 * The base of the providers' public generator classes ({@code OpenAiImageGenerator}, {@code AzureImageGenerator},
 * ...): a named type users can hold, backed by a {@link WireImageGenerator}. Thread-safe.
 */
public abstract class WireBackedGenerator implements ImageGenerator {

    private final WireImageGenerator wire;

    /** @param wire the engine this generator runs on */
    protected WireBackedGenerator(WireImageGenerator wire) {
        this.wire = wire;
    }

    @Override
    public final ImageResult generate(ImageRequest request, ImageListener listener) {
        return complete(wire.generate(request, listener));
    }

    @Override
    public final CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
        return wire.generateAsync(request).thenApply(this::complete);
    }

    /** Adjusts each result before it is returned (e.g. a cost estimate). Default: unchanged. */
    protected ImageResult complete(ImageResult result) {
        return result;
    }

    /**
     * {@code result} with a cost estimated from {@code prices} of {@code pricedAs} and the result's usage, for vendors
     * that report tokens, not money; unchanged when it has a cost already, no usage, or the model no prices.
     */
    protected static ImageResult withEstimatedCost(ImageResult result, ModelId pricedAs,
            dev.imagegen4j.PriceTable prices) {
        if (result.cost().isPresent() || result.usage().isEmpty()) {
            return result;
        }
        return prices.estimate(pricedAs, result.usage().get()).map(c -> result.toBuilder().cost(c).build())
                .orElse(result);
    }

    @Override
    public final ModelCapabilities capabilities(ModelId model) {
        return wire.capabilities(model);
    }

    @Override
    public final java.util.List<String> check(ImageRequest request) {
        return wire.check(request);
    }

    @Override
    public final dev.imagegen4j.DryRun dryRun(ImageRequest request) {
        return wire.dryRun(request);
    }

    @Override
    public final String providerId() {
        return wire.providerId();
    }

    @Override
    public final void close() {
        wire.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + wire + "]";
    }
}
