package dev.imagegen4j;

import java.util.Locale;
import java.util.Map;

/**
 * The tokens a request is expected to use, before it is sent: for quotas (reserved before sending, corrected from the
 * vendor's usage after the answer) and for dry runs (an estimated cost). From OpenAI's published gpt-image figures:
 * output tokens per image = base(quality) × pixels / 1024², base 272 (low), 1056 (medium, standard), 4160 (high, hd,
 * auto, unknown), 6240 (xhigh), 8320 (max), plus 100 per streamed partial image; input text = ceil(prompt characters /
 * 4); input image = 581 per reference image and markup (a 1024x1024 image: 65 + 129 × 4 tiles). An unknown or
 * automatic size counts as 1536x1024. A model billed per image by tier ({@link ModelCapabilities#imageOutputTokens()})
 * counts its tier's tokens (the request's tier, else 1K; a tier it does not list counts as 1K, else its largest). It
 * errs high. Thread-safe (stateless).
 */
final class UsageEstimate {

    private static final long AUTO_PIXELS = 1536L * 1024L;
    private static final long PER_REFERENCE_IMAGE = 65 + 129 * 4;

    private UsageEstimate() {
    }

    static Usage of(ImageRequest request, ModelCapabilities capabilities) {
        long perImage;
        if (capabilities != null && !capabilities.imageOutputTokens().isEmpty()) {
            Map<String, Long> byTier = capabilities.imageOutputTokens();
            String tier = request.resolution().map(r -> r.wireValue().toUpperCase(Locale.ROOT)).orElse("1K");
            perImage = byTier.getOrDefault(tier, byTier.getOrDefault("1K",
                    byTier.values().stream().max(Long::compare).orElse(1L)));
        } else {
            long pixels = request.size().filter(s -> !s.isAuto()).map(ImageSize::pixels).orElse(AUTO_PIXELS);
            long base = base(request.quality().orElse(Quality.AUTO));
            perImage = (base * pixels + (1024L * 1024L - 1)) / (1024L * 1024L)
                    + 100L * request.partialImages().orElse(0);
        }
        long text = (request.prompt().map(p -> (long) p.codePointCount(0, p.length())).orElse(0L) + 3) / 4;
        int references = request.images().size() + (request.markup().isPresent() ? 1 : 0);
        long image = PER_REFERENCE_IMAGE * references;
        long out = Math.max(1, perImage * Math.max(1, request.count()));
        return Usage.builder().inputTextTokens(text).inputImageTokens(image).inputTokens(text + image)
                .outputImageTokens(out).outputTokens(out).totalTokens(text + image + out).build();
    }

    private static long base(Quality q) {
        switch (q.wireValue().toLowerCase(Locale.ROOT)) {
            case "low":
                return 272;
            case "medium":
            case "standard":
                return 1056;
            case "xhigh":
                return 6240;
            case "max":
                return 8320;
            default:
                return 4160;
        }
    }
}
