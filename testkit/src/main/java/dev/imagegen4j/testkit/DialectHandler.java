package dev.imagegen4j.testkit;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * One service the emulator speaks, plugged into the {@link Router} by path prefix. The router asks each
 * handler in turn whether it {@linkplain #handles(String) handles} a request path; the first that does gets
 * the request. A new service (another vendor's protocol) is one new class implementing this interface plus
 * one line in {@link Router#standard(EmulatorContext)}.
 *
 * <p>What the server does for every handler: reads the request, applies the connection-level parts of the
 * request's {@link Fault} (latency, resets, truncation, stalls, extra headers), records the request in the
 * {@link Journal} with the outcome the handler chose, and writes the {@link Response}. What a handler does:
 * authentication, routing inside its prefix, validation, the answer-level fault kinds ({@code STATUS},
 * {@code RATE_LIMITED}, {@code QUOTA_EXHAUSTED}, {@code CONTENT_POLICY}, {@code MALFORMED_JSON}, stream faults)
 * in its own error shapes, and the response. Shared machinery it may use: {@link EmulatorContext} (served
 * files, renderer, rate limit, synthetic mode, configuration), {@link Errors} (body shapes), {@link Params},
 * {@link ImageInfo}, {@link Usage}.
 *
 * <p>Implementations must be thread-safe: one instance serves every connection.
 */
interface DialectHandler {

    /** The dialect recorded for requests this handler serves. */
    Dialect dialect();

    /** Whether this handler serves {@code path} (decoded, without the query), usually by prefix. */
    boolean handles(String path);

    /** A new request id in the service's style (sent as {@code x-request-id}); default {@code req_} + 32 hex. */
    default String newRequestId() {
        return openAiRequestId();
    }

    /**
     * Answers one request. Never throws for a bad request: errors are responses in the service's shape.
     *
     * @param ex the request; {@link Exchange#json} or {@link Exchange#parts} are already parsed when the body
     *     was JSON or multipart; the handler may set {@link Exchange#model}/{@link Exchange#deployment} for the journal
     * @param fault the fault scripted for this request ({@link Fault#none()} when none)
     */
    Response handle(Exchange ex, Fault fault);

    /** Adds service-specific headers to every response of this handler (after {@code x-request-id}). */
    default void decorate(Response response, Exchange ex) {
    }

    /** {@code req_} followed by 32 random hex digits, as OpenAI's {@code x-request-id}. */
    static String openAiRequestId() {
        byte[] b = new byte[16];
        Ids.RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder("req_");
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    /** A random UUID, as Azure's {@code apim-request-id} and AI/ML API's {@code requestId}. */
    static String uuidRequestId() {
        return UUID.randomUUID().toString();
    }

    /** Holder of the shared random source (interfaces cannot have private static fields). */
    final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();

        private Ids() {
        }
    }
}
