package dev.imagegen4j.openai.wire;

import dev.imagegen4j.spi.ProviderSettings;
import java.util.HashSet;
import java.util.Set;

/**
 * The settings every OpenAI-style provider reads besides its own: request defaults
 * ({@link ProviderSettings#REQUEST_DEFAULT_KEYS}), {@code connect-timeout}, {@code response-timeout} (time
 * to headers), {@code idle-timeout} (body idle), {@code allow-insecure-http} and {@code expect-continue}.
 */
public final class WireSettings {

    /** The keys read by {@link #timeouts} and {@link #allowInsecureHttp}. */
    public static final Set<String> KEYS = Set.of("connect-timeout", "response-timeout", "idle-timeout",
            "allow-insecure-http", "expect-continue");

    private WireSettings() {
    }

    /** {@code own} plus the request default keys and {@link #KEYS}. */
    public static Set<String> keysWith(Set<String> own) {
        Set<String> all = new HashSet<>(own);
        all.addAll(ProviderSettings.REQUEST_DEFAULT_KEYS);
        all.addAll(KEYS);
        return Set.copyOf(all);
    }

    /** The timeouts, starting from {@link Timeouts#DEFAULT}. */
    public static Timeouts timeouts(ProviderSettings s) {
        Timeouts d = Timeouts.DEFAULT;
        try {
            return new Timeouts(s.duration("connect-timeout", d.connect()), s.duration("response-timeout", d.headers()),
                    s.duration("idle-timeout", d.bodyIdle()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(s.name().map(n -> "generator '" + n + "': ").orElse("") + e.getMessage(),
                    e);
        }
    }

    /** {@code expect-continue}, default true. */
    public static boolean expectContinue(ProviderSettings s) {
        return s.bool("expect-continue", true);
    }

    /** {@code allow-insecure-http}, default false. */
    public static boolean allowInsecureHttp(ProviderSettings s) {
        return s.bool("allow-insecure-http", false);
    }
}
