package dev.imagegen4j;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Translates a request's shape to what a model takes (see {@link ModelCapabilities#adaptShape}): a size into the
 * nearest aspect ratio and tier for a model without sizes, an aspect ratio and tier into the nearest size for a model
 * with sizes.
 */
final class ShapeAdapter {

    private ShapeAdapter() {
    }

    static ImageRequest adapt(ModelCapabilities caps, ImageRequest request, Consumer<String> note) {
        Optional<OptionRule> ratios = caps.option(ModelCapabilities.ASPECT_RATIO);
        if (ratios.isPresent()) {
            Optional<ImageSize> size = request.size().filter(s -> !s.isAuto());
            if (size.isEmpty()) {
                return request;
            }
            ImageSize s = size.get();
            AspectRatio ratio = nearestRatio(s, ratios.get());
            ResolutionTier tier = nearestTier(s, caps.option(ModelCapabilities.RESOLUTION));
            ImageRequest.Builder b = request.toBuilder().size((ImageSize) null).aspectRatio(ratio);
            if (tier != null) {
                b.resolution(tier);
            }
            note.accept("size " + s + " sent as aspect ratio " + ratio + (tier == null ? "" : " at " + tier)
                    + " (the nearest shape this model takes; it has no sizes)");
            return b.build();
        }
        if (request.size().isPresent() || (request.aspectRatio().isEmpty() && request.resolution().isEmpty())) {
            return request;
        }
        Optional<ImageSize> chosen = caps.sizeRule().nearest(request.aspectRatio().orElse(null),
                request.resolution().orElse(null));
        String asked = request.aspectRatio().map(r -> "aspect ratio " + r).orElse("")
                + (request.aspectRatio().isPresent() && request.resolution().isPresent() ? " at " : "")
                + request.resolution().map(t -> (request.aspectRatio().isPresent() ? "" : "resolution ") + t)
                .orElse("");
        if (chosen.isEmpty()) {
            throw new InvalidRequestException("aspect_ratio", asked + ": no size this model takes fits ("
                    + caps.sizeRule().describe() + ")");
        }
        note.accept(asked + " sent as size " + chosen.get() + " (the nearest size this model takes)");
        return request.toBuilder().aspectRatio((AspectRatio) null).resolution(null).size(chosen.get()).build();
    }

    private static AspectRatio nearestRatio(ImageSize s, OptionRule rule) {
        double want = (double) s.width() / s.height();
        AspectRatio best = null;
        double bestDistance = Double.MAX_VALUE;
        for (String v : rule.values().orElse(Set.of())) {
            AspectRatio r;
            try {
                r = AspectRatio.parse(v);
            } catch (IllegalArgumentException e) {
                continue;
            }
            double d = Math.abs(Math.log(r.value() / want));
            if (d < bestDistance) {
                best = r;
                bestDistance = d;
            }
        }
        return best != null ? best : AspectRatio.of(s.width(), s.height());
    }

    private static ResolutionTier nearestTier(ImageSize s, Optional<OptionRule> rule) {
        if (rule.isEmpty() || rule.get().values().isEmpty()) {
            return null;
        }
        ResolutionTier best = null;
        double bestDistance = Double.MAX_VALUE;
        for (String v : rule.get().values().get()) {
            ResolutionTier t = ResolutionTier.of(v);
            if (t.targetPixels() <= 0) {
                continue;
            }
            double d = Math.abs(Math.log((double) s.pixels() / t.targetPixels()));
            if (d < bestDistance) {
                best = t;
                bestDistance = d;
            }
        }
        return best;
    }
}
