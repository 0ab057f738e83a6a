package dev.imagegen4j.openai.wire;

import dev.imagegen4j.ImageGenerationException;
import java.net.http.HttpHeaders;

/**
 * Maps a service's HTTP error answers to imagegen4j's exceptions: one implementation per error shape, tested as a
 * table. {@link ErrorMapper} reads the OpenAI-style shapes; a {@link WireCodec} may supply another (Google's
 * {@code {"error":{"code","message","status","details"}}}) and delegate what it does not know to it.
 * Implementations must be thread-safe.
 */
public interface WireErrors {

    /** The request id from the response headers, or null. */
    String requestId(HttpHeaders headers);

    /**
     * Maps an error answer, knowing how far the request got.
     *
     * @param providerId  the provider, for the exception
     * @param status      the HTTP status (for an in-stream error event, 0)
     * @param headers     the response headers
     * @param body        the body, possibly cut short; may be empty or not JSON
     * @param requestSent whether the whole request body had been sent when the answer came (with
     *                    {@code Expect: 100-continue}, an early answer means it was not)
     * @param cut         whether {@code body} was cut short (its last token may be part of a secret)
     */
    ImageGenerationException map(String providerId, int status, HttpHeaders headers, byte[] body, boolean requestSent,
            boolean cut);
}
