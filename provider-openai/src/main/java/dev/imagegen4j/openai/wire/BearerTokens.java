package dev.imagegen4j.openai.wire;

import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The current bearer token of a provider's token supplier (Azure Entra ID, Google OAuth), asked for again once it is
 * within the refresh margin of its expiry. One fetch at a time; a caller holding a fresh token never waits. A failing
 * supplier is an {@link AuthenticationException} whose message never shows a token. Thread-safe.
 */
public final class BearerTokens {

    /** Entra ID JWTs and Google OAuth access tokens: redacted from messages whatever token it is. */
    private static final Pattern TOKEN_SHAPES = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*|ya29\\.[A-Za-z0-9_\\-.]+");

    /** A token and when it expires ({@link Instant#MAX} when unknown). */
    public record Token(Secret value, Instant expiresAt) {

        /** Checks that neither is null. */
        public Token {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** Fetches a fresh token; may block; null means none. */
    @FunctionalInterface
    public interface Source {
        /** A fresh token, or null. @throws Exception if none can be obtained */
        Token fetch() throws Exception;
    }

    private final Source source;
    private final Duration margin;
    private final Clock clock;
    private final String providerId;
    private final String supplierName;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token cached;

    /**
     * @param margin       how long before expiry a token is replaced
     * @param providerId   the provider, for exceptions
     * @param supplierName the supplier in messages, e.g. {@code Entra ID token supplier}
     */
    public BearerTokens(Source source, Duration margin, Clock clock, String providerId, String supplierName) {
        this.source = Objects.requireNonNull(source, "source");
        this.margin = Objects.requireNonNull(margin, "margin");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.providerId = providerId;
        this.supplierName = supplierName;
    }

    /**
     * The token for one attempt: the cached one while it is valid for longer than the margin, else a new one.
     *
     * @throws AuthenticationException if the source fails or returns nothing
     */
    public String token() {
        Token t = cached;
        if (fresh(t)) {
            return t.value().reveal();
        }
        lock.lock();
        try {
            t = cached;
            if (fresh(t)) {
                return t.value().reveal();
            }
            Token next;
            try {
                next = source.fetch();
            } catch (Exception e) {
                throw failure(e);
            }
            if (next == null) {
                throw new AuthenticationException("the " + supplierName + " returned no token", null, providerId, 0,
                        null, null);
            }
            // Kept even if it is already within the margin: this attempt uses it, the next one asks again.
            cached = next;
            return next.value().reveal();
        } finally {
            lock.unlock();
        }
    }

    /** The cached token, without fetching; for redaction. */
    public Optional<String> current() {
        Token t = cached;
        return t == null ? Optional.empty() : Optional.of(t.value().reveal());
    }

    private boolean fresh(Token t) {
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
        return new AuthenticationException("the " + supplierName + " failed: " + detail
                + (cause == null ? " (cause omitted: it contained a token)" : ""), cause, providerId, 0, null, null);
    }

    private String redact(String text) {
        String out = text;
        Optional<String> current = current();
        if (current.isPresent()) {
            out = out.replace(current.get(), "***");
        }
        return TOKEN_SHAPES.matcher(out).replaceAll("***");
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
