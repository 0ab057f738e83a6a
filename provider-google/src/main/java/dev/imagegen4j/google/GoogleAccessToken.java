package dev.imagegen4j.google;

import dev.imagegen4j.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * An OAuth 2 access token for Vertex AI and the moment it expires, as returned by a {@link GoogleTokenSupplier}.
 * {@link #toString()} never shows the token. Immutable and thread-safe.
 */
public final class GoogleAccessToken {

    private final Secret token;
    private final Instant expiresAt;

    private GoogleAccessToken(Secret token, Instant expiresAt) {
        this.token = Objects.requireNonNull(token, "token");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * A token.
     *
     * @param token     the bearer token ({@code ya29....})
     * @param expiresAt when it expires; {@link Instant#MAX} for a token whose expiry is unknown
     * @throws NullPointerException if an argument is null
     */
    public static GoogleAccessToken of(Secret token, Instant expiresAt) {
        return new GoogleAccessToken(token, expiresAt);
    }

    /**
     * A token.
     *
     * @throws IllegalArgumentException if the token is blank or cannot go into a header (the message does not show it)
     */
    public static GoogleAccessToken of(String token, Instant expiresAt) {
        return new GoogleAccessToken(Secret.of(token, "Google access token"), expiresAt);
    }

    /** The bearer token. */
    public Secret token() {
        return token;
    }

    /** When it expires. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "GoogleAccessToken[***, expires " + (expiresAt.equals(Instant.MAX) ? "never" : expiresAt) + "]";
    }
}
