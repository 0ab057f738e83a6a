package dev.imagegen4j.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of the observation of an image call; implement it (or extend
 * {@link DefaultImageCallConvention}) and pass it to {@link MicrometerImageObserver.Builder#convention} to change them,
 * or register a global one in the {@code ObservationRegistry}.
 */
public interface ImageCallConvention extends ObservationConvention<ImageCallContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ImageCallContext;
    }
}
