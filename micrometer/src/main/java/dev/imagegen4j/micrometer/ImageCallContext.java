package dev.imagegen4j.micrometer;

import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.observe.ImageCall;
import dev.imagegen4j.observe.ObservationNames;
import io.micrometer.observation.Observation;
import java.util.Optional;

/**
 * The Micrometer context of one logical image call: the call as it started, and as it ends the result, the
 * provider tried last, the number of attempts and the bytes received. Read by {@link ImageCallConvention}s.
 * Written by one call at a time.
 */
public final class ImageCallContext extends Observation.Context {

    private final ImageCall call;
    private final boolean capturePrompt;
    private final ModelCatalog catalog;
    private volatile ImageResult result;
    private volatile String lastProvider;
    private volatile int attempts;
    private volatile long bytesReceived;

    ImageCallContext(ImageCall call, boolean capturePrompt, ModelCatalog catalog) {
        this.call = call;
        this.capturePrompt = capturePrompt;
        this.catalog = catalog;
    }

    /** The call: observed name, provider id, request (with the prompt: never put it in a tag). */
    public ImageCall call() {
        return call;
    }

    /** The result, once the call succeeded. */
    public Optional<ImageResult> result() {
        return Optional.ofNullable(result);
    }

    /** The provider that served the call, else the one tried last, else the observed generator's id. */
    public String provider() {
        ImageResult r = result;
        if (r != null) {
            return r.providerId();
        }
        String last = lastProvider;
        return last != null ? last : call.providerId();
    }

    /** Provider calls made (at least 1 once the call ended: a plain provider reports no attempts of its own). */
    public int attempts() {
        return Math.max(1, attempts);
    }

    /** Response bytes received, as providers report them (about every 64 KiB while receiving, and the total at the end). */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Whether the user opted in to prompts in span attributes. */
    public boolean capturePrompt() {
        return capturePrompt;
    }

    /**
     * The requested model as a bounded tag value: the model's id when the catalog has an entry for it, else
     * {@value ObservationNames#OTHER}; {@value ObservationNames#NONE} when neither the request nor the result names one.
     */
    public String modelTag() {
        ModelId model = requestedModel();
        if (model == null) {
            return ObservationNames.NONE;
        }
        return catalog.find(model).isPresent() ? model.value() : ObservationNames.OTHER;
    }

    /** The model the request named, else the one the result was served with (a route's default model). */
    public ModelId requestedModel() {
        ImageResult r = result;
        return call.model().orElse(r == null ? null : r.model());
    }

    void result(ImageResult result) {
        this.result = result;
    }

    void attempt(String provider, int number) {
        this.lastProvider = provider;
        this.attempts = Math.max(attempts, number);
    }

    void lastProvider(String provider) {
        this.lastProvider = provider;
    }

    void bytesReceived(long total) {
        this.bytesReceived = total;
    }
}
