package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** One request in flight: what was read so far and what was parsed from it. Confined to one thread. */
final class Exchange {

    final HttpParsing.Head head;
    final String requestId;
    final Instant receivedAt;
    final long receivedNanos = System.nanoTime();
    final Dialect dialect;
    byte[] body = new byte[0];
    JsonNode json;
    List<RecordedPart> parts = List.of();
    /** The model the request was resolved to (for the journal); set by the handler when known. */
    String model;
    /** The Azure deployment the request addressed (for the journal); set by the Azure dialect. */
    String deployment;

    Exchange(HttpParsing.Head head, String requestId, Instant receivedAt, Dialect dialect) {
        this.head = head;
        this.requestId = requestId;
        this.receivedAt = receivedAt;
        this.dialect = dialect;
    }

    String header(String name) {
        return head.header(name);
    }

    /** Parses a JSON or multipart body into {@link #json}/{@link #parts}; leaves them unset if it does not parse. */
    void parseBodyQuietly() {
        if (body.length == 0 || json != null || !parts.isEmpty()) {
            return;
        }
        String type = header("content-type");
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("multipart/form-data")) {
                parts = Multipart.parse(body, HttpParsing.headerParam(type, "boundary"));
            } else if (lower.contains("json") || lower.isEmpty()) {
                json = Errors.JSON.readTree(body);
            }
        } catch (IOException | Multipart.MalformedMultipart e) {
            // validation reports it in the dialect's shape
        }
    }

    /** Milliseconds since the request head was read. */
    long elapsedMillis() {
        return (System.nanoTime() - receivedNanos) / 1_000_000;
    }

    RecordedRequest record(int status, String outcome) {
        return new RecordedRequest(receivedAt, requestId, head.method, head.path, head.query, head.headers, body,
                json, parts, dialect, status, outcome, model, deployment, elapsedMillis());
    }
}
