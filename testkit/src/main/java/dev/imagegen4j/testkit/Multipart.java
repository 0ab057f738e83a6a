package dev.imagegen4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A {@code multipart/form-data} parser over a buffered body (RFC 7578). */
final class Multipart {

    private Multipart() {
    }

    /** Thrown when the body is not valid multipart for the given boundary. */
    static final class MalformedMultipart extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedMultipart(String message) {
            super(message);
        }
    }

    static List<RecordedPart> parse(byte[] body, String boundary) throws MalformedMultipart {
        if (boundary == null || boundary.isEmpty()) {
            throw new MalformedMultipart("the multipart Content-Type has no boundary parameter");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] innerDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new MalformedMultipart("the body does not contain the boundary '" + boundary + "'");
        }
        List<RecordedPart> parts = new ArrayList<>();
        pos += delimiter.length;
        while (true) {
            if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts; // closing delimiter
            }
            pos = skipLineEnd(body, pos);
            int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            if (headEnd < 0) {
                throw new MalformedMultipart("a part has no header terminator");
            }
            String head = new String(body, pos, headEnd - pos, StandardCharsets.UTF_8);
            int contentStart = headEnd + 4;
            int next = indexOf(body, innerDelimiter, contentStart);
            if (next < 0) {
                throw new MalformedMultipart("the body has no closing boundary");
            }
            parts.add(part(head, Arrays.copyOfRange(body, contentStart, next)));
            pos = next + innerDelimiter.length;
        }
    }

    private static int skipLineEnd(byte[] body, int pos) {
        while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
            pos++;
        }
        if (pos < body.length && body[pos] == '\r') {
            pos++;
        }
        if (pos < body.length && body[pos] == '\n') {
            pos++;
        }
        return pos;
    }

    private static RecordedPart part(String head, byte[] content) throws MalformedMultipart {
        String name = null;
        String filename = null;
        String contentType = null;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (key.equals("content-disposition")) {
                name = HttpParsing.headerParam(value, "name");
                filename = HttpParsing.headerParam(value, "filename");
            } else if (key.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null) {
            throw new MalformedMultipart("a part has no Content-Disposition name");
        }
        return new RecordedPart(name, filename, contentType, content);
    }

    /** Naive search is fine here: the delimiter's first byte ('-' or CR) is rare in image data runs. */
    static int indexOf(byte[] haystack, byte[] needle, int from) {
        int last = haystack.length - needle.length;
        byte first = needle[0];
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
