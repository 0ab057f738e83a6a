package dev.imagegen4j;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * An API key, token or password. {@link #toString()} prints {@code ***}, so a secret that reaches a
 * log line, an exception message or a debugger's view is not revealed; {@link #reveal()} is the only
 * way to the value, and only wire code calls it. Immutable and thread-safe.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps {@code value}.
     *
     * @throws IllegalArgumentException if it is null or blank (the message does not contain it)
     */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("secret must not be blank");
        }
        return new Secret(value);
    }

    /** The value, for putting on the wire. Never log it. */
    public String reveal() {
        return value;
    }

    /** Whether {@code text} contains this secret (for scanning logs in tests). */
    public boolean isContainedIn(CharSequence text) {
        return text != null && text.toString().contains(value);
    }

    /** Constant-time comparison. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                ((Secret) o).value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Objects.hash(value.length());
    }

    /** Always {@code ***}. */
    @Override
    public String toString() {
        return "***";
    }
}
