package dev.imagegen4j.openai.wire;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of the vendors' response headers: retry delays ({@code retry-after-ms}, {@code retry-after} in
 * seconds or as an HTTP date, {@code x-ms-retry-after-ms}) and rate-limit state ({@code x-ratelimit-*},
 * whose reset values are Go durations such as {@code 6m0s}).
 */
public final class HeaderValues {

    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");

    private HeaderValues() {
    }

    /**
     * The delay the server asked for, in order of precision: {@code retry-after-ms},
     * {@code x-ms-retry-after-ms}, then {@code retry-after} (seconds, fractional allowed, or an HTTP date
     * relative to {@code now}). Negative values and unparsable ones are ignored.
     */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Supplier<Instant> now) {
        for (String name : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
            Optional<String> v = headers.firstValue(name);
            if (v.isPresent()) {
                try {
                    double ms = Double.parseDouble(v.get().strip());
                    if (ms >= 0 && !Double.isInfinite(ms)) {
                        return Optional.of(Duration.ofNanos(Math.round(ms * 1_000_000)));
                    }
                } catch (NumberFormatException ignored) {
                    // fall through to the next header
                }
            }
        }
        Optional<String> ra = headers.firstValue("retry-after");
        if (ra.isEmpty()) {
            return Optional.empty();
        }
        String s = ra.get().strip();
        try {
            double seconds = Double.parseDouble(s);
            return seconds >= 0 ? Optional.of(Duration.ofMillis(Math.round(seconds * 1000))) : Optional.empty();
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now.get(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /**
     * A Go duration string as OpenAI sends in {@code x-ratelimit-reset-*}: {@code 1s}, {@code 6m0s},
     * {@code 12ms}, {@code 1h2m3.5s}. Empty when it does not parse.
     */
    public static Optional<Duration> goDuration(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = text.strip();
        Matcher m = GO_DURATION_PART.matcher(s);
        int pos = 0;
        double nanos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                return Optional.empty();
            }
            double v = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "h":
                    nanos += v * 3.6e12;
                    break;
                case "m":
                    nanos += v * 6e10;
                    break;
                case "s":
                    nanos += v * 1e9;
                    break;
                case "ms":
                    nanos += v * 1e6;
                    break;
                case "us":
                case "µs":
                    nanos += v * 1e3;
                    break;
                default:
                    nanos += v;
            }
            pos = m.end();
        }
        if (pos != s.length() || pos == 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(nanos)));
    }

    /**
     * The {@code x-ratelimit-*} headers as a map keyed without the prefix ({@code limit-requests},
     * {@code remaining-tokens}, {@code reset-requests}, ...). Counts become {@code Long}s, resets
     * {@code Duration}s; values that do not parse are kept as strings.
     */
    public static Map<String, Object> rateLimits(HttpHeaders headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("x-ratelimit-") || values.isEmpty()) {
                return;
            }
            String key = lower.substring("x-ratelimit-".length());
            String v = values.get(0).strip();
            if (key.startsWith("reset")) {
                out.put(key, goDuration(v).<Object>map(d -> d).orElse(v));
            } else {
                try {
                    out.put(key, Long.parseLong(v));
                } catch (NumberFormatException e) {
                    out.put(key, v);
                }
            }
        });
        return out;
    }
}
