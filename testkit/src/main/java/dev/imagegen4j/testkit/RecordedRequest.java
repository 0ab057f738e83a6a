package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request the emulator received, with the outcome it chose. Immutable; safe to share between threads.
 *
 * <p>{@link #toString()} masks secrets ({@code Authorization}, {@code api-key} and similar headers show
 * only their first characters), so a journal can be printed in test failure messages.
 */
public final class RecordedRequest {

    private static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "api-key", "x-api-key", "ocp-apim-subscription-key", "proxy-authorization");

    private final Instant receivedAt;
    private final String requestId;
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final JsonNode json;
    private final List<RecordedPart> parts;
    private final Dialect dialect;
    private final int status;
    private final String outcome;
    private final String model;
    private final String deployment;
    private final long elapsedMillis;

    RecordedRequest(Instant receivedAt, String requestId, String method, String path, String query,
            Map<String, List<String>> headers, byte[] body, JsonNode json, List<RecordedPart> parts,
            Dialect dialect, int status, String outcome, String model, String deployment, long elapsedMillis) {
        this.receivedAt = receivedAt;
        this.requestId = requestId;
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.json = json == null ? null : json.deepCopy();
        this.parts = List.copyOf(parts);
        this.dialect = dialect;
        this.status = status;
        this.outcome = outcome;
        this.model = model;
        this.deployment = deployment;
        this.elapsedMillis = elapsedMillis;
    }

    /** When the request head was read. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** The request id the emulator sent back ({@code x-request-id}, and {@code apim-request-id} on Azure). */
    public String requestId() {
        return requestId;
    }

    /** The HTTP method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** The decoded path without the query, e.g. {@code /v1/images/generations}. */
    public String path() {
        return path;
    }

    /** The raw query string without {@code ?}; empty when there was none. */
    public String query() {
        return query;
    }

    /** The first value of the query parameter {@code name}, URL-decoded. */
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(HttpParsing.queryParams(query).get(name));
    }

    /** All request headers, names in lower case, values in the order received. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A copy of the raw request body; empty when there was none or the connection was reset before it. */
    public byte[] body() {
        return body.clone();
    }

    /** The raw body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The size of the raw request body in bytes. */
    public int bodySize() {
        return body.length;
    }

    /** The parsed JSON body (a copy), when the request had a JSON body that parsed. */
    public Optional<JsonNode> json() {
        return Optional.ofNullable(json).map(JsonNode::deepCopy);
    }

    /** The parts of a {@code multipart/form-data} body, in order; empty for other bodies. */
    public List<RecordedPart> parts() {
        return parts;
    }

    /** All parts named {@code name} (e.g. every {@code image[]} part), in order. */
    public List<RecordedPart> parts(String name) {
        List<RecordedPart> out = new ArrayList<>();
        for (RecordedPart p : parts) {
            if (p.name().equals(name)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The first part named {@code name}. */
    public Optional<RecordedPart> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * A request parameter as text, whether it came as a JSON field or as a multipart text field
     * ({@code param("model")} works for both).
     */
    public Optional<String> param(String name) {
        if (json != null && json.has(name) && !json.get(name).isNull()) {
            JsonNode v = json.get(name);
            return Optional.of(v.isValueNode() ? v.asText() : v.toString());
        }
        return part(name).filter(p -> !p.isFile()).map(RecordedPart::text);
    }

    /** The dialect of the route the request reached; empty for routes outside the three services. */
    public Optional<Dialect> dialect() {
        return Optional.ofNullable(dialect);
    }

    /** The HTTP status the emulator answered with; 0 when the connection was reset instead. */
    public int status() {
        return status;
    }

    /**
     * A short description of what happened, e.g. {@code "200 image x1"}, {@code "400 invalid_value (size)"},
     * {@code "fault RESET_AFTER_BODY"}.
     */
    public String outcome() {
        return outcome;
    }

    /**
     * The model the emulator resolved the request to: the {@code model} field as sent (OpenAI, AI/ML API,
     * or its default when omitted), or for Azure the model behind the deployment. Empty when the request
     * never got that far (bad route, bad key) or named an unknown model or deployment.
     */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** The Azure deployment the request addressed (path or {@code model} field); empty for other dialects. */
    public Optional<String> deployment() {
        return Optional.ofNullable(deployment);
    }

    /** Milliseconds from reading the request head to deciding the outcome (before the body is written). */
    long elapsedMillis() {
        return elapsedMillis;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path);
        if (!query.isEmpty()) {
            sb.append('?').append(query);
        }
        sb.append(" -> ").append(outcome).append(" [").append(requestId).append("] headers={");
        boolean first = true;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=');
            if (SECRET_HEADERS.contains(e.getKey())) {
                List<String> masked = new ArrayList<>();
                for (String v : e.getValue()) {
                    masked.add(mask(v));
                }
                sb.append(masked);
            } else {
                sb.append(e.getValue());
            }
        }
        sb.append('}');
        if (json != null) {
            String text = json.toString();
            sb.append(" json=").append(text.length() > 300 ? text.substring(0, 300) + "..." : text);
        } else if (!parts.isEmpty()) {
            sb.append(" parts=").append(parts);
        } else if (body.length > 0) {
            sb.append(" body=<").append(body.length).append(" bytes>");
        }
        return sb.toString();
    }

    /** Keeps the scheme word and up to four characters of a secret, e.g. {@code Bearer sk-t***}. */
    static String mask(String value) {
        String prefix = "";
        String secret = value;
        int space = value.indexOf(' ');
        if (space > 0) {
            prefix = value.substring(0, space + 1);
            secret = value.substring(space + 1);
        }
        String shown = secret.length() <= 8 ? "" : secret.substring(0, 4);
        return prefix + shown + "***";
    }
}
