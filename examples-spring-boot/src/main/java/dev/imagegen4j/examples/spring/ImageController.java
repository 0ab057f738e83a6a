package dev.imagegen4j.examples.spring;

import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.Quality;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /images}: one generation through the default generator or route. */
@RestController
public class ImageController {

    /** What a client asks for. Only the prompt is required. */
    public record DrawRequest(String prompt, String size, String quality) {
    }

    /** One image as a data URL. */
    public record Drawn(String mimeType, int width, int height, String dataUrl) {
    }

    /** What the service answers. */
    public record DrawResponse(String provider, String model, List<Drawn> images, Map<String, Long> usage,
            BigDecimal cost, String currency, List<String> warnings, long latencyMs) {
    }

    private final ImageGenerator images;

    public ImageController(ImageGenerator images) {
        this.images = images;
    }

    @PostMapping("/images")
    public DrawResponse draw(@RequestBody DrawRequest body) {
        ImageRequest.Builder request = ImageRequest.builder().prompt(body.prompt());
        if (body.size() != null) {
            request.size(body.size());
        }
        if (body.quality() != null) {
            request.quality(Quality.of(body.quality()));
        }
        ImageResult r = images.generate(request.build());
        List<Drawn> drawn = r.images().stream().map(ImageController::drawn).toList();
        Map<String, Long> usage = r.usage().map(u -> Map.of("input", u.inputTokens(), "output", u.outputTokens(),
                "total", u.totalTokens())).orElse(Map.of());
        return new DrawResponse(r.providerId(), r.wireModel(), drawn, usage,
                r.cost().map(c -> c.amount()).orElse(null), r.cost().map(c -> c.currency()).orElse(null),
                r.warnings(), r.latency().toMillis());
    }

    private static Drawn drawn(GeneratedImage g) {
        return new Drawn(g.mimeType(), g.width(), g.height(),
                "data:" + g.mimeType() + ";base64," + Base64.getEncoder().encodeToString(g.bytes()));
    }

    /** imagegen4j's exceptions say what to do next; so does the status. */
    @ExceptionHandler(ImageGenerationException.class)
    public ResponseEntity<Map<String, String>> failed(ImageGenerationException e) {
        HttpStatus status = e instanceof ContentPolicyException ? HttpStatus.UNPROCESSABLE_CONTENT
                : e instanceof InvalidRequestException ? HttpStatus.BAD_REQUEST
                : e instanceof RateLimitException ? HttpStatus.TOO_MANY_REQUESTS
                : e instanceof ResultUnknownException ? HttpStatus.BAD_GATEWAY
                : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).body(Map.of("error", e.getClass().getSimpleName(),
                "message", String.valueOf(e.getMessage())));
    }
}
