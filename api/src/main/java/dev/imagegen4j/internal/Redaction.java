package dev.imagegen4j.internal;

import java.util.regex.Pattern;

/**
 * Masks what looks like a credential in text that is about to be shown (a message, a log line) when the
 * credential itself is not known here: OpenAI-style keys ({@code sk-...}, {@code sk-proj-...}), JWTs (Entra ID
 * tokens), bearer tokens and {@code key=value} pairs whose name says secret. Redacts first and cuts afterwards,
 * so that a cut never leaves a key's beginning standing.
 */
public final class Redaction {

    private static final Pattern OPENAI_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_-]{6,}");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern NAMED = Pattern.compile(
            "(?i)\\b((?:api[-_]?key|access[-_]?token|auth[-_]?token|token|secret|password|client[-_]?secret)"
                    + "[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;}&]{4,}");

    private Redaction() {
    }

    /** {@code text} with credential-shaped parts replaced by {@code ***}; null stays null. */
    public static String secretShapes(String text) {
        if (text == null) {
            return null;
        }
        String out = OPENAI_KEY.matcher(text).replaceAll("sk-***");
        out = JWT.matcher(out).replaceAll("***");
        out = BEARER.matcher(out).replaceAll("$1 ***");
        return NAMED.matcher(out).replaceAll("$1***");
    }

    /** {@link #secretShapes} of {@code text}, then cut to {@code max} characters (with {@code ...}). */
    public static String bounded(String text, int max) {
        String s = secretShapes(text);
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, Math.max(0, max - 3)) + "...";
    }
}
