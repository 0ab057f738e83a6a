package dev.imagegen4j;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which sizes a model takes. Two shapes exist: a fixed list of presets (DALL·E, gpt-image-1) and
 * the flexible gpt-image-2 rule (both edges multiples of 16, long edge at most 3840, long:short at
 * most 3:1, 655,360 to 8,294,400 pixels), each optionally with {@code auto}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public abstract class SizeRule {

    SizeRule() {
    }

    /**
     * Why {@code size} breaks this rule, or empty when it is allowed. The text completes the phrase
     * "size WxH: ..." and states the rule, e.g. {@code both edges must be multiples of 16 (1000 is not)}.
     */
    public abstract Optional<String> violation(ImageSize size);

    /** Whether {@code size} is allowed. */
    public final boolean allows(ImageSize size) {
        return violation(size).isEmpty();
    }

    /** A one-line human description, e.g. for {@code imagegen models}. */
    public abstract String describe();

    /**
     * The sizes this rule allows when it is a list of presets (which may include {@link ImageSize#AUTO}), e.g. for
     * a tool schema's enum; empty for a flexible rule.
     */
    public Optional<Set<ImageSize>> presetSizes() {
        return Optional.empty();
    }

    /**
     * The size this rule allows that is nearest to {@code aspectRatio} at {@code tier}: how a portable request
     * ({@link ImageRequest#aspectRatio()}, {@link ImageRequest#resolution()}) becomes a size on a vendor that takes
     * sizes. Presets: the one whose shape is closest (log of the ratio), then whose pixel count is closest to the
     * tier's. Flexible rules: the tier's pixel count at that shape, rounded to the edge multiple and kept within the
     * edge, ratio and pixel limits. Either argument may be null: no ratio means square unless a tier alone is asked
     * for on presets; no tier means about 1 megapixel.
     *
     * @return the size, or empty when the rule allows no concrete size
     */
    public abstract Optional<ImageSize> nearest(AspectRatio aspectRatio, ResolutionTier tier);

    static long targetPixels(ResolutionTier tier) {
        long p = tier == null ? 0 : tier.targetPixels();
        return p > 0 ? p : 1024L * 1024;
    }

    /** A rule that allows exactly {@code sizes} (which may include {@link ImageSize#AUTO}). */
    public static SizeRule presets(ImageSize... sizes) {
        return new Presets(Set.of(sizes));
    }

    /** A rule that allows exactly {@code sizes}. */
    public static SizeRule presets(Set<ImageSize> sizes) {
        return new Presets(sizes);
    }

    /**
     * The flexible rule of gpt-image-2 as published by Microsoft and the gateways: edges multiples of
     * {@code multiple}, long edge at most {@code maxEdge}, long:short at most {@code maxRatio}, and
     * {@code minPixels <= w*h <= maxPixels}; {@code auto} allowed.
     */
    public static SizeRule flexible(int multiple, int maxEdge, int maxRatio, long minPixels, long maxPixels) {
        return new Flexible(multiple, maxEdge, maxRatio, minPixels, maxPixels);
    }

    /**
     * Any size: for a model that takes no sizes (Gemini takes an aspect ratio and a tier; a size is translated, see
     * {@link ModelCapabilities#adaptShape}) or whose limits are unknown.
     */
    public static SizeRule any() {
        return Flexible.ANY;
    }

    /** The gpt-image-2 rule: multiples of 16, long edge at most 3840, ratio at most 3:1, 655,360..8,294,400 pixels. */
    public static SizeRule gptImage2() {
        return Flexible.GPT_IMAGE_2;
    }

    /**
     * This rule restricted to {@code allowed} presets (a provider that takes only preset sizes, such
     * as AI/ML API), keeping only presets this rule itself allows.
     */
    public SizeRule narrowTo(Set<ImageSize> allowed) {
        Set<ImageSize> kept = new LinkedHashSet<>();
        for (ImageSize s : allowed) {
            if (allows(s)) {
                kept.add(s);
            }
        }
        return new Presets(kept);
    }

    private static final class Presets extends SizeRule {
        private final Set<ImageSize> sizes;

        Presets(Set<ImageSize> sizes) {
            if (sizes.isEmpty()) {
                throw new IllegalArgumentException("a preset size rule needs at least one size");
            }
            this.sizes = Collections.unmodifiableSet(new LinkedHashSet<>(sizes));
        }

        @Override
        public Optional<String> violation(ImageSize size) {
            if (sizes.contains(size)) {
                return Optional.empty();
            }
            return Optional.of("not one of the sizes this model takes (" + list() + ")");
        }

        private String list() {
            return sizes.stream().map(ImageSize::wireValue).sorted().collect(Collectors.joining(", "));
        }

        @Override
        public String describe() {
            return list();
        }

        @Override
        public Optional<Set<ImageSize>> presetSizes() {
            return Optional.of(sizes);
        }

        @Override
        public Optional<ImageSize> nearest(AspectRatio aspectRatio, ResolutionTier tier) {
            double want = aspectRatio == null ? 1.0 : aspectRatio.value();
            long pixels = targetPixels(tier);
            ImageSize best = null;
            double bestShape = Double.MAX_VALUE;
            double bestPixels = Double.MAX_VALUE;
            for (ImageSize s : sizes) {
                if (s.isAuto()) {
                    continue;
                }
                double shape = Math.abs(Math.log((double) s.width() / s.height() / want));
                double px = Math.abs(Math.log((double) s.pixels() / pixels));
                if (shape < bestShape - 1e-9 || (Math.abs(shape - bestShape) <= 1e-9 && px < bestPixels)) {
                    best = s;
                    bestShape = shape;
                    bestPixels = px;
                }
            }
            return Optional.ofNullable(best);
        }
    }

    private static final class Flexible extends SizeRule {
        static final Flexible GPT_IMAGE_2 = new Flexible(16, 3840, 3, 655_360, 8_294_400);
        static final Flexible ANY = new Flexible(1, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, Long.MAX_VALUE);

        private final int multiple;
        private final int maxEdge;
        private final int maxRatio;
        private final long minPixels;
        private final long maxPixels;

        Flexible(int multiple, int maxEdge, int maxRatio, long minPixels, long maxPixels) {
            if (multiple < 1 || maxEdge < 1 || maxRatio < 1 || minPixels < 0 || maxPixels < minPixels) {
                throw new IllegalArgumentException("invalid flexible size rule");
            }
            this.multiple = multiple;
            this.maxEdge = maxEdge;
            this.maxRatio = maxRatio;
            this.minPixels = minPixels;
            this.maxPixels = maxPixels;
        }

        @Override
        public Optional<String> violation(ImageSize size) {
            if (size.isAuto()) {
                return Optional.empty();
            }
            int w = size.width();
            int h = size.height();
            if (w % multiple != 0 || h % multiple != 0) {
                int bad = w % multiple != 0 ? w : h;
                return Optional.of("both edges must be multiples of " + multiple + " (" + bad + " is not)");
            }
            int longEdge = Math.max(w, h);
            int shortEdge = Math.min(w, h);
            if (longEdge > maxEdge) {
                return Optional.of("the long edge must be at most " + maxEdge + " px (" + longEdge + " is over)");
            }
            if (longEdge > (long) maxRatio * shortEdge) {
                return Optional.of("the ratio of long to short edge must be at most " + maxRatio + ":1 ("
                        + longEdge + ":" + shortEdge + " is over)");
            }
            long px = size.pixels();
            if (px < minPixels || px > maxPixels) {
                return Optional.of(String.format("the pixel count must be between %,d and %,d (%,d is not)",
                        minPixels, maxPixels, px));
            }
            return Optional.empty();
        }

        @Override
        public String describe() {
            if (this == ANY) {
                return "any (mapped to the model's aspect ratios where it has no sizes)";
            }
            return String.format("auto, or WxH with edges multiples of %d, long edge <= %d, ratio <= %d:1, "
                    + "%,d..%,d pixels", multiple, maxEdge, maxRatio, minPixels, maxPixels);
        }

        @Override
        public Optional<ImageSize> nearest(AspectRatio aspectRatio, ResolutionTier tier) {
            double ratio = aspectRatio == null ? 1.0 : aspectRatio.value();
            ratio = Math.max(1.0 / maxRatio, Math.min(maxRatio, ratio));
            double pixels = Math.max(minPixels, Math.min(maxPixels, targetPixels(tier)));
            double w = Math.sqrt(pixels * ratio);
            double h = Math.sqrt(pixels / ratio);
            double scale = Math.min(1.0, maxEdge / Math.max(w, h));
            w *= scale;
            h *= scale;
            for (int attempt = 0; attempt < 64; attempt++) {
                int rw = Math.max(multiple, (int) Math.round(w / multiple) * multiple);
                int rh = Math.max(multiple, (int) Math.round(h / multiple) * multiple);
                rw = Math.min(rw, maxEdge / multiple * multiple);
                rh = Math.min(rh, maxEdge / multiple * multiple);
                ImageSize s = ImageSize.of(rw, rh);
                if (allows(s)) {
                    return Optional.of(s);
                }
                long px = (long) rw * rh;
                double f = px < minPixels ? 1.02 : px > maxPixels ? 0.98 : 1.0;
                if (f == 1.0) {
                    // the rounding broke the ratio limit: move the short edge up one step
                    if (rw >= rh) {
                        h += multiple;
                    } else {
                        w += multiple;
                    }
                } else {
                    w *= f;
                    h *= f;
                }
            }
            return Optional.empty();
        }
    }
}
