package dev.imagegen4j.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a secret can go into an HTTP header as it is. A key read from a file with its newline, or from a
 * {@code .env} saved with Windows line endings, would otherwise reach the JDK's header check, whose
 * "invalid header value" message prints the whole value. The problem is described by position and
 * character name, never by showing the value.
 */
public final class HeaderValues {

    private HeaderValues() {
    }

    /**
     * What makes {@code value} unfit for a header value, with how to fix it; empty if it is fine. Refused:
     * line breaks (CR, LF), every other control character (C0, DEL, C1), invisible format characters (zero
     * width space, byte order mark), line and paragraph separators, characters above U+00FF (the JDK
     * refuses them in headers), and white space at either end.
     *
     * @param value a secret, not null
     * @return e.g. {@code ends with a line break (CR LF): a .env or key file saved with Windows line
     *         endings? Remove it, e.g. tr -d '\r\n' < key.txt, or save the file with LF line endings}
     */
    public static Optional<String> problem(CharSequence value) {
        int n = value.length();
        if (n == 0) {
            return Optional.empty();
        }
        String breakHint = ": a key file or .env saved with Windows (CRLF) line endings, or a value read from a file "
                + "with its trailing newline? Remove it, e.g. with tr -d '\\r\\n' < key.txt, or save the file with LF "
                + "line endings";
        if (n >= 2 && value.charAt(n - 2) == '\r' && value.charAt(n - 1) == '\n') {
            return Optional.of("ends with a line break (CR LF)" + breakHint);
        }
        char last = value.charAt(n - 1);
        if (last == '\n' || last == '\r') {
            return Optional.of("ends with a line break (" + (last == '\n' ? "LF" : "CR") + ")" + breakHint);
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                return Optional.of("contains a line break (" + (c == '\n' ? "LF" : "CR") + ") at character " + (i + 1)
                        + ": a value pasted over two lines? Put it on one line");
            }
        }
        if (isSpace(value.charAt(0)) || isSpace(last)) {
            boolean start = isSpace(value.charAt(0));
            return Optional.of((start ? "starts" : "ends") + " with white space ("
                    + name(start ? value.charAt(0) : last) + "): remove the space " + (start ? "before" : "after")
                    + " the value (e.g. the quotes in the file or the copy included it)");
        }
        for (int i = 0; i < n; i++) {
            int cp = Character.codePointAt(value, i);
            if (!allowed(cp)) {
                return Optional.of("contains " + name(cp) + " at character " + (i + 1)
                        + ", which cannot be sent in an HTTP header: copy the value again from the vendor's console "
                        + "(a word processor, chat or PDF viewer may have added it)");
            }
            if (Character.isSupplementaryCodePoint(cp)) {
                i++;
            }
        }
        return Optional.empty();
    }

    private static boolean allowed(int cp) {
        if (cp == ' ') {
            return true;
        }
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp > 0xff) {
            return false;
        }
        return Character.getType(cp) != Character.FORMAT;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** E.g. {@code U+0009 CHARACTER TABULATION}: a character described, which is enough to find and remove it. */
    private static String name(int cp) {
        String name = Character.getName(cp);
        String hex = String.format(Locale.ROOT, "U+%04X", cp);
        return name == null ? hex : hex + " " + name;
    }
}
