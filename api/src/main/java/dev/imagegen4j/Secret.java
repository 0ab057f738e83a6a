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
     * @throws IllegalArgumentException if it is null or blank, or cannot be sent in an HTTP header as it is
     *                                  (see {@link #of(String, String)}); the message does not contain it
     */
    public static Secret of(String value) {
        return of(value, "secret");
    }

    /**
     * Wraps {@code value}, naming it {@code what} in errors, e.g. {@code environment variable OPENAI_API_KEY}
     * or {@code setting 'api-key'}. Secrets go into HTTP headers, so a value with a line break (a key file or
     * {@code .env} saved with Windows line endings, a key read from a file with its newline), another control
     * or invisible character, a character above U+00FF, or white space at either end is refused here, with
     * how to fix it, rather than at the first request (where the JDK's error message would print it).
     *
     * @param value the secret
     * @param what  what the value is, for the error message
     * @throws IllegalArgumentException e.g. {@code environment variable OPENAI_API_KEY ends with a line break
     *                                  (CR LF): ...}; never contains the value
     */
    public static Secret of(String value, String what) {
        String name = what == null || what.isBlank() ? "secret" : what;
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        java.util.Optional<String> problem = dev.imagegen4j.internal.HeaderValues.problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(name + " " + problem.get() + " (the value is not shown)");
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
