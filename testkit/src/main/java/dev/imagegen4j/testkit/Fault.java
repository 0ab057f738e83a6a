package dev.imagegen4j.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A misbehaviour the emulator applies to one request, scripted with
 * {@link ImageApiEmulator#enqueue(Fault...)} (the next requests, in order) or
 * {@link ImageApiEmulator#addRule(FaultRule)} (every request a rule matches).
 *
 * <p>A fault has one {@linkplain Kind kind} plus optional extras that combine with it: extra response
 * headers, added latency (before the request is processed) and a time-to-first-byte delay (after the
 * response is ready, before its first byte is written). Faults are immutable; every {@code with...}
 * method returns a new fault.
 *
 * <pre>{@code
 * emulator.enqueue(Fault.status(503).shouldRetry(true), Fault.rateLimited(Duration.ofSeconds(1)));
 * emulator.enqueue(Fault.resetAfterBody());
 * emulator.addRule(FaultRule.everyNth(3, Fault.latency(Duration.ofSeconds(2))));
 * }</pre>
 *
 * <p>Error bodies are written in the shape of the dialect the request was sent to
 * ({@code {"error":{...}}} for OpenAI and Azure, the flat {@code {message, path, requestId, statusCode,
 * timestamp}} for AI/ML API).
 */
public final class Fault {

    /** What a fault does. */
    public enum Kind {
        /** Nothing beyond the extras (headers, latency, first-byte delay): the request is served normally. */
        NONE,
        /** Answers with an HTTP status and the dialect's error body for it. */
        STATUS,
        /** A 429 with {@code retry-after}, {@code retry-after-ms} and {@code x-ratelimit-*} headers. */
        RATE_LIMITED,
        /** Quota exhausted: OpenAI 429 {@code insufficient_quota}, Azure 429, AI/ML API 403 out of credits. */
        QUOTA_EXHAUSTED,
        /** A content-policy refusal in the dialect's shape (400). */
        CONTENT_POLICY,
        /** A 200 whose JSON body is cut in the middle of a value (still well-formed HTTP). */
        MALFORMED_JSON,
        /** Resets the connection (TCP RST) after the request head, before the body is read. */
        RESET_BEFORE_BODY,
        /** Resets the connection after the whole request body was read, before any response byte. */
        RESET_AFTER_BODY,
        /** Announces the full {@code Content-Length}, writes half the body and closes the connection. */
        TRUNCATE_BODY,
        /** Writes half the body, stalls for the fault's duration, then writes the rest. */
        STALL_MID_BODY,
        /** On a streaming request: emits one partial image, then an {@code event: error} frame, then ends. */
        STREAM_ERROR,
        /** On a streaming request: appends a trailing {@code data: [DONE]} line after the last event. */
        STREAM_DONE_MARKER,
        /**
         * The request is processed as usual (a job is created, an image generated: the journal records it), then the
         * connection is reset before any byte of the answer: a lost answer to a paid request.
         */
        DROP_ANSWER,
        /** On a job host's submit (Replicate, fal): the job is accepted, runs, and ends failed without output. */
        JOB_FAILS
    }

    private final Kind kind;
    private final int status;
    private final Duration duration;
    private final Duration latency;
    private final Duration firstByteDelay;
    private final Map<String, String> headers;

    private Fault(Kind kind, int status, Duration duration, Duration latency, Duration firstByteDelay,
            Map<String, String> headers) {
        this.kind = kind;
        this.status = status;
        this.duration = duration;
        this.latency = latency;
        this.firstByteDelay = firstByteDelay;
        this.headers = Map.copyOf(headers);
    }

    private static Fault of(Kind kind) {
        return new Fault(kind, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Map.of());
    }

    /**
     * Answers with {@code status} and the dialect's error body for it (e.g. OpenAI {@code server_error} for
     * 5xx, Azure {@code code:"429"} for 429).
     *
     * @param status an HTTP status from 400 to 599
     * @throws IllegalArgumentException if the status is outside 400..599
     */
    public static Fault status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be between 400 and 599, was " + status);
        }
        return new Fault(Kind.STATUS, status, Duration.ZERO, Duration.ZERO, Duration.ZERO, Map.of());
    }

    /**
     * A redirect: {@code status} (301, 302, 303, 307 or 308) with {@code Location: location}, as a
     * misconfigured gateway or a hostile endpoint might answer. Clients must not follow it with credentials.
     *
     * @throws IllegalArgumentException if the status is not a redirect
     */
    public static Fault redirect(int status, String location) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("redirect status must be 301, 302, 303, 307 or 308, was " + status);
        }
        Objects.requireNonNull(location, "location");
        return new Fault(Kind.STATUS, status, Duration.ZERO, Duration.ZERO, Duration.ZERO, Map.of("location", location));
    }

    /**
     * A 429 rate-limit answer with {@code retry-after} (whole seconds, rounded up), {@code retry-after-ms},
     * and {@code x-ratelimit-limit/remaining/reset-requests} headers (the reset as a Go-style duration).
     *
     * @param retryAfter the delay announced to the client; zero or positive
     */
    public static Fault rateLimited(Duration retryAfter) {
        requireNonNegative(retryAfter, "retryAfter");
        return new Fault(Kind.RATE_LIMITED, 429, retryAfter, Duration.ZERO, Duration.ZERO, Map.of());
    }

    /** Quota exhausted: OpenAI 429 {@code insufficient_quota}, Azure 429, AI/ML API 403 out of credits. */
    public static Fault quotaExhausted() {
        return of(Kind.QUOTA_EXHAUSTED);
    }

    /**
     * A content-policy refusal, 400: OpenAI {@code moderation_blocked} (GPT image models, with
     * {@code moderation_details}) or {@code content_policy_violation} (DALL·E); Azure
     * {@code content_policy_violation} with {@code inner_error} (dall-e-3) or {@code contentFilter} with a
     * top-level {@code created} (GPT image models); AI/ML API its flat body. Gemini refuses with a 200 answer
     * whose candidate has no image and {@code finishReason: IMAGE_SAFETY}.
     */
    public static Fault contentPolicy() {
        return of(Kind.CONTENT_POLICY);
    }

    /** A 200 {@code application/json} response whose body stops in the middle of a JSON string. */
    public static Fault malformedJson() {
        return of(Kind.MALFORMED_JSON);
    }

    /** Resets the connection once the request head is read, before the body is read (no 100-continue). */
    public static Fault resetBeforeBody() {
        return of(Kind.RESET_BEFORE_BODY);
    }

    /** Resets the connection after the request body was read completely, before any response byte. */
    public static Fault resetAfterBody() {
        return of(Kind.RESET_AFTER_BODY);
    }

    /**
     * Sends the full {@code Content-Length} header but only half the body, then closes the connection
     * (for chunked streams: cuts after the first 1024 bytes without the terminating chunk).
     */
    public static Fault truncateBody() {
        return of(Kind.TRUNCATE_BODY);
    }

    /**
     * Writes half the response body, stalls for {@code stall}, then writes the rest.
     *
     * @param stall how long to stall; zero or positive
     */
    public static Fault stallMidBody(Duration stall) {
        requireNonNegative(stall, "stall");
        return new Fault(Kind.STALL_MID_BODY, 0, stall, Duration.ZERO, Duration.ZERO, Map.of());
    }

    /**
     * Serves the request normally after an added delay (before the request is processed).
     *
     * @param latency zero or positive
     */
    public static Fault latency(Duration latency) {
        return of(Kind.NONE).withLatency(latency);
    }

    /**
     * Serves the request normally but waits {@code delay} after the response is ready and before its first
     * byte (status line) is written.
     *
     * @param delay zero or positive
     */
    public static Fault firstByteDelay(Duration delay) {
        return of(Kind.NONE).withFirstByteDelay(delay);
    }

    /** On a streaming request: one partial image, then {@code event: error}; ignored on non-streaming requests. */
    public static Fault streamError() {
        return of(Kind.STREAM_ERROR);
    }

    /** On a streaming request: a trailing {@code data: [DONE]} line; ignored on non-streaming requests. */
    public static Fault streamDoneMarker() {
        return of(Kind.STREAM_DONE_MARKER);
    }

    /**
     * Processes the request (a job is created, an image generated; the journal records it as answered) and then
     * resets the connection before the answer's first byte: the answer to a paid request is lost.
     */
    public static Fault dropAnswer() {
        return of(Kind.DROP_ANSWER);
    }

    /**
     * On the submit of a job host (Replicate, fal): the job is accepted and runs, then ends failed without output
     * (Replicate {@code status: failed} with an {@code error}; fal {@code COMPLETED} with an {@code error}).
     */
    public static Fault jobFails() {
        return of(Kind.JOB_FAILS);
    }

    /** Serves the request normally; useful with {@link #header(String, String)} to add response headers. */
    public static Fault none() {
        return of(Kind.NONE);
    }

    /**
     * Returns a copy that also sends the response header {@code name: value} (replacing a header the
     * emulator would send under the same name, compared case-insensitively).
     */
    public Fault header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank()) {
            throw new IllegalArgumentException("header name must not be blank");
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name.toLowerCase(Locale.ROOT), value);
        return new Fault(kind, status, duration, latency, firstByteDelay, copy);
    }

    /**
     * Returns a copy that does not send the response header {@code name}, even if the emulator would (for
     * example {@code retry-after-ms} on a 429, to test a client against {@code retry-after} alone).
     */
    public Fault withoutHeader(String name) {
        Objects.requireNonNull(name, "name");
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name.toLowerCase(Locale.ROOT), REMOVED);
        return new Fault(kind, status, duration, latency, firstByteDelay, copy);
    }

    /** The marker value of a header to leave out. */
    static final String REMOVED = "\u0000removed";

    /** Returns a copy that sends {@code retry-after} (seconds, rounded up) and {@code retry-after-ms}. */
    public Fault retryAfter(Duration delay) {
        requireNonNegative(delay, "retryAfter");
        long ms = delay.toMillis();
        return header("retry-after", Long.toString((ms + 999) / 1000)).header("retry-after-ms", Long.toString(ms));
    }

    /** Returns a copy that sends {@code x-should-retry: true|false}. */
    public Fault shouldRetry(boolean retry) {
        return header("x-should-retry", Boolean.toString(retry));
    }

    /** Returns a copy that also waits {@code latency} before the request is processed. */
    public Fault withLatency(Duration latency) {
        requireNonNegative(latency, "latency");
        return new Fault(kind, status, duration, latency, firstByteDelay, headers);
    }

    /** Returns a copy that also waits {@code delay} before the first response byte. */
    public Fault withFirstByteDelay(Duration delay) {
        requireNonNegative(delay, "firstByteDelay");
        return new Fault(kind, status, duration, latency, delay, headers);
    }

    /** What this fault does. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status for {@link Kind#STATUS} and {@link Kind#RATE_LIMITED}; 0 otherwise. */
    public int status() {
        return status;
    }

    /** The stall of {@link Kind#STALL_MID_BODY} or the retry delay of {@link Kind#RATE_LIMITED}; zero otherwise. */
    public Duration duration() {
        return duration;
    }

    /** Added latency before processing; zero when none. */
    public Duration latency() {
        return latency;
    }

    /** Delay before the first response byte; zero when none. */
    public Duration firstByteDelay() {
        return firstByteDelay;
    }

    /** Extra response headers, names in lower case. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Fault[").append(kind);
        if (status != 0) {
            sb.append(' ').append(status);
        }
        if (!duration.isZero()) {
            sb.append(" duration=").append(duration);
        }
        if (!latency.isZero()) {
            sb.append(" latency=").append(latency);
        }
        if (!firstByteDelay.isZero()) {
            sb.append(" firstByteDelay=").append(firstByteDelay);
        }
        if (!headers.isEmpty()) {
            sb.append(" headers=").append(headers);
        }
        return sb.append(']').toString();
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
