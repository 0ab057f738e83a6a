package dev.imagegen4j.observe;

import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelId;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known when a call starts: the name the generator is observed under, its provider id (a route's name for
 * a route), and the request. Immutable. The request holds the prompt: observers must keep it out of metric tags and
 * put it in span attributes only when the user opted in.
 */
public final class ImageCall {

    private final String name;
    private final String providerId;
    private final ImageRequest request;

    ImageCall(String name, String providerId, ImageRequest request) {
        this.name = Objects.requireNonNull(name, "name");
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.request = Objects.requireNonNull(request, "request");
    }

    /** The name the generator is observed under, e.g. a configuration's generator or route name. */
    public String name() {
        return name;
    }

    /** The observed generator's provider id ({@code openai}, ...), or the route's name for a route. */
    public String providerId() {
        return providerId;
    }

    /** The request, prompt included. */
    public ImageRequest request() {
        return request;
    }

    /** Generation, edit or variation. */
    public ImageOperation operation() {
        return request.operation();
    }

    /** The model the request names, if it names one (a route then picks its default model). */
    public Optional<ModelId> model() {
        return request.model();
    }

    @Override
    public String toString() {
        return "ImageCall[" + name + ", " + providerId + ", " + operation() + model().map(m -> ", " + m).orElse("")
                + "]";
    }
}
