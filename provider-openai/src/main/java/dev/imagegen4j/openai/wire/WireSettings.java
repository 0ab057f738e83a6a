package dev.imagegen4j.openai.wire;

import dev.imagegen4j.spi.ProviderSettings;
import java.util.HashSet;
import java.util.Set;

/**
 * The settings every OpenAI-style provider reads besides its own: request defaults
 * ({@link ProviderSettings#REQUEST_DEFAULT_KEYS}), {@code connect-timeout} (10s), {@code response-timeout}
 * (time to headers, 10m), {@code idle-timeout} (body idle, 60s), {@code deadline} (the whole call; the
 * response timeout plus 5m), {@code expect-continue} (true), {@code expect-continue-timeout} (5s),
 * {@code max-image-bytes} (512MiB; a number of bytes or a size such as {@code 64MiB}, {@code 2GB}) and
 * {@code allow-insecure-http} (false).
 */
public final class WireSettings {

    /** The keys read by {@link #timeouts} and {@link #allowInsecureHttp}. */
    public static final Set<String> KEYS = Set.of("connect-timeout", "response-timeout", "idle-timeout",
            "deadline", "allow-insecure-http", "expect-continue", "expect-continue-timeout", "max-image-bytes");

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile(
            "(?i)(\\d+(?:\\.\\d+)?)\\s*(b|kb|kib|mb|mib|gb|gib)?");

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
            Timeouts t = d.withConnect(s.duration("connect-timeout", d.connect()))
                    .withHeaders(s.duration("response-timeout", d.headers()))
                    .withBodyIdle(s.duration("idle-timeout", d.bodyIdle()))
                    .withExpectContinue(s.duration("expect-continue-timeout", d.expectContinue()));
            return s.has("deadline") ? t.withDeadline(s.duration("deadline", t.deadline())) : t;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(s.name().map(n -> "generator '" + n + "': ").orElse("") + e.getMessage(),
                    e);
        }
    }

    /** {@code expect-continue}, default true. */
    public static boolean expectContinue(ProviderSettings s) {
        return s.bool("expect-continue", true);
    }

    /**
     * {@code max-image-bytes}: a whole number of bytes or a size with a unit ({@code 64MiB}, {@code 512MB},
     * {@code 1GiB}; KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024). Default 512 MiB.
     *
     * @throws IllegalArgumentException naming the setting and the value when it does not parse or is not positive
     */
    public static long maxImageBytes(ProviderSettings s) {
        Object raw = s.raw("max-image-bytes").orElse(null);
        if (raw == null) {
            return WireImageGenerator.DEFAULT_MAX_IMAGE_BYTES;
        }
        java.util.regex.Matcher m = SIZE.matcher(raw.toString().strip());
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
            double factor = unit.equals("b") ? 1 : unit.equals("kb") ? 1e3 : unit.equals("kib") ? 1024
                    : unit.equals("mb") ? 1e6 : unit.equals("mib") ? 1 << 20 : unit.equals("gb") ? 1e9 : 1 << 30;
            double bytes = amount * factor;
            if (bytes >= 1 && bytes < Long.MAX_VALUE) {
                return (long) bytes;
            }
        }
        throw s.error("max-image-bytes must be a positive size such as 512MiB, 64MB or 1000000, was '" + raw + "'");
    }

    /** {@code allow-insecure-http}, default false. */
    public static boolean allowInsecureHttp(ProviderSettings s) {
        return s.bool("allow-insecure-http", false);
    }
}
