package dev.imagegen4j.openai.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * The three clocks of one HTTP call (design.md §5). Generation is slow, so the defaults are long:
 * connect 10 s, time to response headers 10 min, body idle 60 s. The body idle timeout is enforced by a
 * watchdog that closes a body from which no byte has arrived for that long; the JDK's request timeout
 * does not cover a stalled body.
 *
 * @param connect  time to open a connection
 * @param headers  time from sending the request to the response headers (the generation itself)
 * @param bodyIdle longest pause between two reads of the response body
 */
public record Timeouts(Duration connect, Duration headers, Duration bodyIdle) {

    /** connect 10 s, headers 10 min, body idle 60 s. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(10),
            Duration.ofSeconds(60));

    /** Validates that every duration is positive. */
    public Timeouts {
        positive("connect timeout", connect);
        positive("headers timeout", headers);
        positive("body idle timeout", bodyIdle);
    }

    private static void positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }

    /** A copy with another connect timeout. */
    public Timeouts withConnect(Duration d) {
        return new Timeouts(d, headers, bodyIdle);
    }

    /** A copy with another headers timeout. */
    public Timeouts withHeaders(Duration d) {
        return new Timeouts(connect, d, bodyIdle);
    }

    /** A copy with another body idle timeout. */
    public Timeouts withBodyIdle(Duration d) {
        return new Timeouts(connect, headers, d);
    }
}
