package dev.imagegen4j.google;

import dev.imagegen4j.AuthenticationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The current Vertex AI access token of a {@link GoogleTokenSupplier}, asked for again once it is within the refresh
 * margin of its expiry. One refresh at a time; a caller holding a fresh token never waits. Thread-safe.
 */
final class AccessTokens {

    /** Google OAuth access tokens ({@code ya29.}) and JWTs: never shown, whatever token it is. */
    private static final Pattern TOKEN_SHAPES = Pattern.compile(
            "ya29\\.[A-Za-z0-9_\\-.]+|eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final GoogleTokenSupplier supplier;
    private final Duration margin;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile GoogleAccessToken current;

    AccessTokens(GoogleTokenSupplier supplier, Duration margin, Clock clock) {
        this.supplier = supplier;
        this.margin = margin;
        this.clock = clock;
    }

    /**
     * The token for one HTTP attempt.
     *
     * @throws AuthenticationException if the supplier fails or returns null; its message never holds a token
     */
    String bearer() {
        GoogleAccessToken t = current;
        if (!usable(t)) {
            refreshing.lock();
            try {
                t = current;
                if (!usable(t)) {
                    t = fetch();
                    current = t; // kept even if already near expiry: this attempt uses it, the next asks again
                }
            } finally {
                refreshing.unlock();
            }
        }
        return t.token().reveal();
    }

    /** The token in use, for redaction; null before the first. */
    String lastToken() {
        GoogleAccessToken t = current;
        return t == null ? null : t.token().reveal();
    }

    private GoogleAccessToken fetch() {
        GoogleAccessToken fresh;
        try {
            fresh = supplier.token();
        } catch (Exception e) {
            boolean shows = false;
            for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
                String m = c.getMessage();
                shows |= m != null && !hide(m).equals(m);
            }
            String what = hide(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            throw new AuthenticationException("the Google access token supplier failed: " + what
                    + (shows ? " (cause omitted: it contained a token)" : ""), shows ? null : e, "google", 0, null,
                    null);
        }
        if (fresh == null) {
            throw new AuthenticationException("the Google access token supplier returned no token", null, "google", 0,
                    null, null);
        }
        return fresh;
    }

    private boolean usable(GoogleAccessToken t) {
        return t != null && (t.expiresAt().equals(Instant.MAX) || clock.instant().plus(margin).isBefore(t.expiresAt()));
    }

    private String hide(String text) {
        String last = lastToken();
        String out = last == null ? text : text.replace(last, "***");
        return TOKEN_SHAPES.matcher(out).replaceAll("***");
    }
}
