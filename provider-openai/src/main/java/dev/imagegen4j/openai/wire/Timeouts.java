package dev.imagegen4j.openai.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * The clocks of one HTTP call (design.md §5). Generation is slow, so the defaults are long: connect 10 s,
 * time to response headers 10 min, body idle 60 s, and an overall deadline of the headers timeout plus 5
 * minutes (15 min). The deadline bounds the whole call, however the server behaves: a body that drips a
 * byte every few hundred milliseconds or a stream of keep-alive comments never trips the idle timeout,
 * but it cannot outlive the deadline. The wait for {@code 100 Continue} (default 5 s, from the start of
 * the call) bounds how long a server that ignores {@code Expect: 100-continue} can hold a call; see
 * {@link WireImageGenerator}.
 *
 * @param connect        time to open a connection
 * @param headers        time from sending the request to the response headers (the generation itself)
 * @param bodyIdle       longest pause between two chunks of the response body
 * @param deadline       longest time for the whole call, from sending to the last byte of the answer
 * @param expectContinue longest wait for {@code 100 Continue} (or any answer) before the body is sent
 */
public record Timeouts(Duration connect, Duration headers, Duration bodyIdle, Duration deadline,
        Duration expectContinue) {

    /** What the deadline adds to the headers timeout unless it is set explicitly. */
    public static final Duration DEADLINE_MARGIN = Duration.ofMinutes(5);

    /** The default wait for {@code 100 Continue}: 5 s. */
    public static final Duration DEFAULT_EXPECT_CONTINUE = Duration.ofSeconds(5);

    /** connect 10 s, headers 10 min, body idle 60 s, deadline 15 min, 100-continue wait 5 s. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(10),
            Duration.ofSeconds(60));

    /** Validates that every duration is positive. */
    public Timeouts {
        positive("connect timeout", connect);
        positive("headers timeout", headers);
        positive("body idle timeout", bodyIdle);
        positive("deadline", deadline);
        positive("expect-continue timeout", expectContinue);
    }

    /**
     * The three classic clocks; the deadline is {@code headers} plus {@link #DEADLINE_MARGIN} and the
     * 100-continue wait {@link #DEFAULT_EXPECT_CONTINUE}.
     */
    public Timeouts(Duration connect, Duration headers, Duration bodyIdle) {
        this(connect, headers, bodyIdle, derived(headers), DEFAULT_EXPECT_CONTINUE);
    }

    private static Duration derived(Duration headers) {
        positive("headers timeout", headers);
        return headers.plus(DEADLINE_MARGIN);
    }

    private static void positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }

    /** A copy with another connect timeout. */
    public Timeouts withConnect(Duration d) {
        return new Timeouts(d, headers, bodyIdle, deadline, expectContinue);
    }

    /**
     * A copy with another headers timeout. A deadline that was not set explicitly (it is still the old
     * headers timeout plus {@link #DEADLINE_MARGIN}) follows: it becomes {@code d} plus the margin.
     */
    public Timeouts withHeaders(Duration d) {
        positive("headers timeout", d);
        Duration newDeadline = deadline.equals(headers.plus(DEADLINE_MARGIN)) ? d.plus(DEADLINE_MARGIN) : deadline;
        return new Timeouts(connect, d, bodyIdle, newDeadline, expectContinue);
    }

    /** A copy with another body idle timeout. */
    public Timeouts withBodyIdle(Duration d) {
        return new Timeouts(connect, headers, d, deadline, expectContinue);
    }

    /** A copy with another overall deadline per call. */
    public Timeouts withDeadline(Duration d) {
        return new Timeouts(connect, headers, bodyIdle, d, expectContinue);
    }

    /** A copy with another wait for {@code 100 Continue}. */
    public Timeouts withExpectContinue(Duration d) {
        return new Timeouts(connect, headers, bodyIdle, deadline, d);
    }
}
