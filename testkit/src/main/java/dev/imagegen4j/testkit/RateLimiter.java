package dev.imagegen4j.testkit;

import java.time.Duration;
import java.util.ArrayDeque;

/** The emulator-wide sliding-window request limit ({@link ImageApiEmulator#rateLimit(int)}). Thread-safe. */
final class RateLimiter {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private int perMinute;

    synchronized void limit(int perMinute) {
        this.perMinute = perMinute;
        window.clear();
    }

    synchronized int limit() {
        return perMinute;
    }

    /** Admits one request or throws the dialect's 429 with the time until a slot frees up. */
    void admit(Errors errors, String model) {
        long now = System.nanoTime();
        synchronized (this) {
            if (perMinute <= 0) {
                return;
            }
            while (!window.isEmpty() && now - window.peekFirst() >= MINUTE) {
                window.pollFirst();
            }
            if (window.size() >= perMinute) {
                Duration wait = Duration.ofNanos(MINUTE - (now - window.peekFirst()));
                throw errors.rateLimited(wait, perMinute, model);
            }
            window.addLast(now);
        }
    }

    /** Adds {@code x-ratelimit-*-requests} headers while a limit is set (unless the response has them). */
    void addHeaders(Response r) {
        int limit;
        int used;
        long resetNanos = 0;
        synchronized (this) {
            limit = perMinute;
            used = window.size();
            if (!window.isEmpty()) {
                resetNanos = MINUTE - (System.nanoTime() - window.peekFirst());
            }
        }
        if (limit <= 0 || r.headers.containsKey("x-ratelimit-limit-requests")) {
            return;
        }
        r.header("x-ratelimit-limit-requests", Integer.toString(limit));
        r.header("x-ratelimit-remaining-requests", Integer.toString(Math.max(0, limit - used)));
        r.header("x-ratelimit-reset-requests", Errors.goDuration(Duration.ofNanos(Math.max(0, resetNanos))));
    }
}
