package dev.imagegen4j.observe;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.routing.ImageGenerationListener;
import java.util.Objects;

/**
 * Makes a generator or route observable: the one instrumentation point of imagegen4j.
 *
 * <pre>{@code
 * ImageGenerator images = ImageObservation.observe("primary", route,
 *         MicrometerImageObserver.builder(observationRegistry).meterRegistry(meterRegistry).build());
 * }</pre>
 *
 * <p>Each call of the returned generator is one observed call: the observer's {@link ImageObserver#start} gets the
 * request, then the route's attempts, retries, skips and failovers for that call (the route sends them through
 * the call's listener, see {@link ImageGenerationListener}), the bytes received, and the result or the failure.
 * The returned generator behaves exactly like {@code generator} otherwise: same results, same exceptions, same
 * listener calls; an observer that throws is ignored. Its {@code generateAsync} runs {@code generate} on the
 * library's pool so that the call's events are observed too. Closing it closes {@code generator}. Thread-safe.
 */
public final class ImageObservation {

    private ImageObservation() {
    }

    /**
     * {@code generator} observed by {@code observer} under {@code name} (e.g. its name in a configuration file;
     * a low-cardinality metric tag).
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static ImageGenerator observe(String name, ImageGenerator generator, ImageObserver observer) {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(observer, "observer");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the observed name must not be blank");
        }
        ImageGenerator target = unwrap(generator);
        SafeObservation.register(observer, name, target);
        return new ObservedGenerator(name, generator, observer);
    }

    /** The generator under any observation wrappers: what {@link dev.imagegen4j.routing.ImageRouter#circuitStates} reads. */
    public static ImageGenerator unwrap(ImageGenerator generator) {
        ImageGenerator g = Objects.requireNonNull(generator, "generator");
        while (g instanceof ObservedGenerator) {
            g = ((ObservedGenerator) g).delegate;
        }
        return g;
    }

    /**
     * A low-cardinality name for a failure, for metric tags and {@code error.type}: the exception's simple class
     * name ({@code RateLimitException}, {@code ResultUnknownException}, ...), never its message.
     */
    public static String errorType(Throwable failure) {
        if (failure == null) {
            return ObservationNames.NONE;
        }
        String simple = failure.getClass().getSimpleName();
        return simple.isEmpty() ? failure.getClass().getName() : simple;
    }

    /**
     * A low-cardinality reason for an {@link ImageGenerationListener#onSkip} reason text: {@code circuit_open} or
     * {@code cannot_serve} (the member's rules cannot serve the request: a mask, a size, an operation).
     */
    public static String skipReason(String reason) {
        return ImageGenerationListener.CIRCUIT_OPEN.equals(reason) ? "circuit_open" : "cannot_serve";
    }
}
