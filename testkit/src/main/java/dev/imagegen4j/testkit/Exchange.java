package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One request in flight: what was read so far and what was parsed from it. Confined to one thread. */
final class Exchange {

    final HttpParsing.Head head;
    final String requestId;
    final Instant receivedAt;
    final Dialect dialect;
    byte[] body = new byte[0];
    JsonNode json;
    List<RecordedPart> parts = List.of();

    Exchange(HttpParsing.Head head, String requestId, Instant receivedAt, Dialect dialect) {
        this.head = head;
        this.requestId = requestId;
        this.receivedAt = receivedAt;
        this.dialect = dialect;
    }

    String header(String name) {
        return head.header(name);
    }

    RecordedRequest record(int status, String outcome) {
        return new RecordedRequest(receivedAt, requestId, head.method, head.path, head.query, head.headers, body,
                json, parts, dialect, status, outcome);
    }
}
