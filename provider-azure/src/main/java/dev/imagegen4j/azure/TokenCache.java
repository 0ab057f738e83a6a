package dev.imagegen4j.azure;

import dev.imagegen4j.AuthenticationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Caches the token of an {@link AzureTokenSupplier} until shortly before it expires. One fetch at a time;
 * readers of a fresh token never wait. Thread-safe.
 */
final class TokenCache {

    /** A JWT, as Entra ID issues them; redacted from messages whatever token it is. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final AzureTokenSupplier supplier;
    private final Duration margin;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile AzureToken cached;

    TokenCache(AzureTokenSupplier supplier, Duration margin, Clock clock) {
        this.supplier = supplier;
        this.margin = margin;
        this.clock = clock;
    }

    /**
     * The token for one attempt: the cached one while it is valid for longer than the margin, else a new one.
     *
     * @throws AuthenticationException if the supplier fails or returns nothing
     */
    String token() {
        AzureToken t = cached;
        if (fresh(t)) {
            return t.token().reveal();
        }
        lock.lock();
        try {
            t = cached;
            if (fresh(t)) {
                return t.token().reveal();
            }
            AzureToken next;
            try {
                next = supplier.token();
            } catch (Exception e) {
                throw failure(e);
            }
            if (next == null) {
                throw new AuthenticationException("the Entra ID token supplier returned no token", null, "azure", 0,
                        null, null);
            }
            // Kept even if it is already within the margin: this attempt uses it, the next one asks again.
            cached = next;
            return next.token().reveal();
        } finally {
            lock.unlock();
        }
    }

    /** The cached token, without fetching; for redaction. */
    Optional<String> current() {
        AzureToken t = cached;
        return t == null ? Optional.empty() : Optional.of(t.token().reveal());
    }

    private boolean fresh(AzureToken t) {
        if (t == null) {
            return false;
        }
        Instant expires = t.expiresAt();
        return expires.equals(Instant.MAX) || clock.instant().isBefore(expires.minus(margin));
    }

    private AuthenticationException failure(Exception e) {
        String detail = redact(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        // The cause carries the supplier's diagnostics, unless something in its chain shows a token.
        Throwable cause = leaksToken(e) ? null : e;
        return new AuthenticationException("the Entra ID token supplier failed: " + detail
                + (cause == null ? " (cause omitted: it contained a token)" : ""), cause, "azure", 0, null, null);
    }

    private String redact(String text) {
        String out = text;
        Optional<String> current = current();
        if (current.isPresent()) {
            out = out.replace(current.get(), "***");
        }
        return JWT.matcher(out).replaceAll("***");
    }

    private boolean leaksToken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !redact(m).equals(m)) {
                return true;
            }
        }
        return false;
    }
}
