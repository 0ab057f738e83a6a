package dev.imagegen4j.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 request parsing: the request head, Content-Length and chunked bodies, query strings. */
final class HttpParsing {

    static final int MAX_HEAD_BYTES = 64 * 1024;

    private HttpParsing() {
    }

    /** A request line plus headers. */
    static final class Head {
        final String method;
        final String target;
        final String version;
        final String path;
        final String query;
        final Map<String, List<String>> headers;

        Head(String method, String target, String version, Map<String, List<String>> headers) {
            this.method = method;
            this.target = target;
            this.version = version;
            int q = target.indexOf('?');
            String rawPath = q < 0 ? target : target.substring(0, q);
            if (rawPath.startsWith("http://") || rawPath.startsWith("https://")) {
                int slash = rawPath.indexOf('/', rawPath.indexOf("//") + 2);
                rawPath = slash < 0 ? "/" : rawPath.substring(slash);
            }
            this.path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            this.query = q < 0 ? "" : target.substring(q + 1);
            this.headers = headers;
        }

        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        boolean keepAlive() {
            String connection = header("connection");
            if (connection != null) {
                String c = connection.toLowerCase(Locale.ROOT);
                if (c.contains("close")) {
                    return false;
                }
                if (c.contains("keep-alive")) {
                    return true;
                }
            }
            return !version.equals("HTTP/1.0");
        }
    }

    /** Thrown for a request the server cannot parse; answered with 400 and the connection closed. */
    static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Reads a request head; returns {@code null} on end of stream before the first byte. */
    static Head readHead(InputStream in) throws IOException {
        String requestLine;
        do {
            requestLine = readLine(in, true);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty()); // tolerate stray CRLF between keep-alive requests
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest(400, "malformed request line: " + requestLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int total = requestLine.length();
        while (true) {
            String line = readLine(in, false);
            if (line == null) {
                throw new BadRequest(400, "connection closed inside the request head");
            }
            if (line.isEmpty()) {
                break;
            }
            total += line.length();
            if (total > MAX_HEAD_BYTES) {
                throw new BadRequest(431, "request head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "malformed header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return new Head(parts[0], parts[1], parts[2], headers);
    }

    /** Whether the request announces a body (Content-Length > 0 or chunked). */
    static boolean hasBody(Head head) {
        String te = head.header("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return true;
        }
        String cl = head.header("content-length");
        return cl != null && !cl.trim().equals("0");
    }

    /** Reads the request body announced by the head (Content-Length or chunked), at most {@code max} bytes. */
    static byte[] readBody(InputStream in, Head head, long max) throws IOException {
        String te = head.header("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return readChunked(in, max);
        }
        String cl = head.header("content-length");
        if (cl == null) {
            return new byte[0];
        }
        long length;
        try {
            length = Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "invalid Content-Length: " + cl);
        }
        if (length < 0) {
            throw new BadRequest(400, "invalid Content-Length: " + cl);
        }
        if (length > max) {
            throw new BadRequest(413, "request body of " + length + " bytes exceeds the emulator's limit of " + max);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            if (sizeLine == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "invalid chunk size: " + sizeLine);
            }
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in, false);
                } while (trailer != null && !trailer.isEmpty());
                return out.toByteArray();
            }
            if (out.size() + size > max) {
                throw new BadRequest(413, "chunked request body exceeds the emulator's limit of " + max + " bytes");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length != size) {
                throw new IOException("connection closed inside a chunk");
            }
            out.write(chunk);
            String crlf = readLine(in, false);
            if (crlf == null || !crlf.isEmpty()) {
                throw new BadRequest(400, "chunk not followed by CRLF");
            }
        }
    }

    /** Reads one CRLF- (or LF-) terminated ISO-8859-1 line; {@code null} at end of stream. */
    private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return sb.length() == 0 || eofAllowed ? null : sb.toString();
            }
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
            if (sb.length() > MAX_HEAD_BYTES) {
                throw new BadRequest(431, "header line too long");
            }
        }
    }

    /** Parses {@code a=1&b=x%20y} into a map of first values. */
    static Map<String, String> queryParams(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** The {@code name=value} parameter of a header value such as {@code multipart/form-data; boundary=x}. */
    static String headerParam(String headerValue, String name) {
        if (headerValue == null) {
            return null;
        }
        for (String piece : headerValue.split(";")) {
            String p = piece.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }
}
