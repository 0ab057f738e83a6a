package dev.imagegen4j.quota;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.Quality;
import java.util.Locale;

/**
 * The tokens a request is expected to use, reserved before sending and corrected from the vendor's usage after
 * the answer. From OpenAI's published gpt-image figures: output tokens per image = base(quality) × pixels /
 * 1024², base 272 (low), 1056 (medium, standard), 4160 (high, hd, auto, unknown), 6240 (xhigh), 8320 (max), plus
 * 100 per streamed partial image; input = ceil(prompt characters / 4) + 581 per reference image and markup
 * (a 1024x1024 image: 65 + 129 × 4 tiles). An unknown or automatic size counts as 1536x1024. It errs high, so a
 * quota holds back a little too much until the answer, never too little.
 */
final class TokenEstimate {

    private static final long AUTO_PIXELS = 1536L * 1024L;
    private static final long PER_REFERENCE_IMAGE = 65 + 129 * 4;

    private TokenEstimate() {
    }

    static long of(ImageRequest request) {
        long pixels = request.size().filter(s -> !s.isAuto()).map(ImageSize::pixels).orElse(AUTO_PIXELS);
        long base = base(request.quality().orElse(Quality.AUTO));
        long perImage = (base * pixels + (1024L * 1024L - 1)) / (1024L * 1024L)
                + 100L * request.partialImages().orElse(0);
        long input = (request.prompt().map(p -> (long) p.codePointCount(0, p.length())).orElse(0L) + 3) / 4;
        int references = request.images().size() + (request.markup().isPresent() ? 1 : 0);
        input += PER_REFERENCE_IMAGE * references;
        return Math.max(1, input + perImage * Math.max(1, request.count()));
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
