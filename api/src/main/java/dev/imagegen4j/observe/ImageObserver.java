package dev.imagegen4j.observe;

import dev.imagegen4j.ImageGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Observes the calls of generators wrapped by {@link ImageObservation#observe}: the SPI that metrics and tracing
 * libraries implement ({@code MicrometerImageObserver}, {@code OpenTelemetryImageObserver}).
 *
 * <p>Implementations must be thread-safe, quick, and must not throw: an exception thrown by an observer is
 * logged at DEBUG and otherwise ignored, so that observing can never turn a served (and paid) request into a
 * failure.
 */
public interface ImageObserver {

    /** Observes nothing. */
    ImageObserver NONE = call -> CallObservation.NONE;

    /**
     * A call starts, on the thread that will run it. Returns the observation that receives its events; never
     * null ({@link CallObservation#NONE} to ignore the call).
     */
    CallObservation start(ImageCall call);

    /**
     * {@code generator} is being observed under {@code name}; called once by {@link ImageObservation#observe},
     * before any call. An observer may register gauges here, e.g. of a route's circuit states
     * ({@link dev.imagegen4j.routing.ImageRouter#circuitStates}). The default does nothing.
     */
    default void register(String name, ImageGenerator generator) {
    }

    /** One observer that passes everything to each of {@code observers}, in order. */
    static ImageObserver of(List<? extends ImageObserver> observers) {
        List<ImageObserver> all = new ArrayList<>();
        for (ImageObserver o : observers) {
            all.add(Objects.requireNonNull(o, "observer"));
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return new ImageObserver() {
            @Override
            public CallObservation start(ImageCall call) {
                List<CallObservation> calls = new ArrayList<>();
                for (ImageObserver o : all) {
                    calls.add(SafeObservation.start(o, call));
                }
                return new CompositeObservation(calls);
            }

            @Override
            public void register(String name, ImageGenerator generator) {
                for (ImageObserver o : all) {
                    SafeObservation.register(o, name, generator);
                }
            }
        };
    }
}
