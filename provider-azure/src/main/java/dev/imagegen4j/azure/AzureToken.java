package dev.imagegen4j.azure;

import dev.imagegen4j.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * An Entra ID access token and the moment it expires, as returned by an {@link AzureTokenSupplier}.
 * {@link #toString()} never shows the token. Immutable and thread-safe.
 */
public final class AzureToken {

    private final Secret token;
    private final Instant expiresAt;

    private AzureToken(Secret token, Instant expiresAt) {
        this.token = token;
        this.expiresAt = expiresAt;
    }

    /**
     * A token.
     *
     * @param token     the bearer token
     * @param expiresAt when it expires; {@link Instant#MAX} for a token whose expiry is unknown
     * @throws IllegalArgumentException if the token is blank (the message does not contain it)
     * @throws NullPointerException     if an argument is null
     */
    public static AzureToken of(Secret token, Instant expiresAt) {
        return new AzureToken(Objects.requireNonNull(token, "token"), Objects.requireNonNull(expiresAt, "expiresAt"));
    }

    /**
     * A token.
     *
     * @param token     the bearer token
     * @param expiresAt when it expires; {@link Instant#MAX} for a token whose expiry is unknown
     * @throws IllegalArgumentException if the token is null or blank (the message does not contain it)
     * @throws NullPointerException     if {@code expiresAt} is null
     */
    public static AzureToken of(String token, Instant expiresAt) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("Entra ID token must not be blank");
        }
        return of(Secret.of(token, "Entra ID token"), expiresAt);
    }

    /** The bearer token. */
    public Secret token() {
        return token;
    }

    /** When the token expires. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "AzureToken[***, expires " + (expiresAt.equals(Instant.MAX) ? "never" : expiresAt) + "]";
    }
}
