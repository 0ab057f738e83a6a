package dev.imagegen4j.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A response the server will write: status, headers and a body that is either bytes or a writer. */
final class Response {

    /** Writes a body to the socket; may flush between pieces (SSE) and may take long (synthetic payloads). */
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    /** Body length, or -1 for a chunked body of unknown length. */
    final long length;
    final byte[] bytes;
    final BodyWriter writer;
    String outcome;

    private Response(int status, String contentType, long length, byte[] bytes, BodyWriter writer, String outcome) {
        this.status = status;
        this.length = length;
        this.bytes = bytes;
        this.writer = writer;
        this.outcome = outcome;
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
    }

    static Response bytes(int status, String contentType, byte[] body, String outcome) {
        return new Response(status, contentType, body.length, body, null, outcome);
    }

    static Response json(int status, String json, String outcome) {
        return bytes(status, "application/json", json.getBytes(StandardCharsets.UTF_8), outcome);
    }

    static Response streaming(int status, String contentType, long length, BodyWriter writer, String outcome) {
        return new Response(status, contentType, length, null, writer, outcome);
    }

    Response header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    void writeBody(OutputStream out) throws IOException {
        if (bytes != null) {
            out.write(bytes);
        } else {
            writer.writeTo(out);
        }
    }

    static String reason(int status) {
        switch (status) {
            case 100: return "Continue";
            case 200: return "OK";
            case 201: return "Created";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 413: return "Payload Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "OK";
        }
    }
}
