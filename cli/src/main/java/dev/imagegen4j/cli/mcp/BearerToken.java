package dev.imagegen4j.cli.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token HTTP clients must send ({@code Authorization: Bearer TOKEN}). Only its SHA-256 digest is kept;
 * a presented token is compared by digest in constant time, so neither its length nor a common prefix shows in the
 * timing. {@link #toString()} never shows it. Immutable and thread-safe.
 */
public final class BearerToken {

    /** The shortest token accepted: a guessable one is no protection. */
    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @throws IllegalArgumentException if {@code token} is shorter than {@value #MIN_LENGTH} characters or has
     *                                  whitespace (the message never contains the token)
     */
    public static BearerToken of(String token) {
        if (token == null || token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the bearer token must have at least " + MIN_LENGTH + " characters");
        }
        if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("the bearer token must not contain spaces or control characters");
        }
        return new BearerToken(sha256(token));
    }

    /** Whether {@code authorization} (an {@code Authorization} header value, or null) carries this token. */
    boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
