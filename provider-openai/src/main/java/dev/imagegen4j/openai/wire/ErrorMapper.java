package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.QuotaExceededException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an HTTP error answer into imagegen4j's exception hierarchy. One mapper reads every error shape
 * of the OpenAI-style services:
 *
 * <ul>
 *   <li>OpenAI {@code {"error":{"message","type","param","code"}}}, with {@code moderation_details} on
 *       safety blocks;</li>
 *   <li>Azure {@code content_policy_violation} with {@code inner_error} ({@code ResponsibleAIPolicyViolation},
 *       filter results), {@code contentFilter} with a top-level {@code created}, 429 with the string
 *       {@code code:"429"}, {@code DeploymentNotFound};</li>
 *   <li>AI/ML API's flat {@code {"message","path","requestId","statusCode","timestamp"}}.</li>
 * </ul>
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>Answer</th><th>Exception</th></tr>
 *   <tr><td>safety refusal (any shape; OpenRouter's 403 "input was flagged"; fal's {@code content_policy_violation}
 *       detail)</td><td>{@link ContentPolicyException}</td></tr>
 *   <tr><td>3xx (redirects are never followed)</td><td>{@link ProviderException}</td></tr>
 *   <tr><td>401; 403 (not about credits)</td><td>{@link AuthenticationException}</td></tr>
 *   <tr><td>404, {@code model_not_found}, {@code DeploymentNotFound}</td><td>{@link ModelNotFoundException}</td></tr>
 *   <tr><td>429 {@code insufficient_quota}; 402; 403 about credits or quota</td><td>{@link QuotaExceededException}</td></tr>
 *   <tr><td>other 429</td><td>{@link RateLimitException} with the server's delay</td></tr>
 *   <tr><td>504, 524 (gateway timeouts), 598, 599 (proxy read timeouts), after the request body was
 *       sent</td><td>{@link ResultUnknownException}: a gateway gave up waiting while the service may still have
 *       generated (and billed) the image; not retried, whatever {@code x-should-retry} says</td></tr>
 *   <tr><td>502, 520 (bad gateway, unknown origin error) after the request body was sent</td>
 *       <td>{@link ResultUnknownException}: the upstream may have processed the request</td></tr>
 *   <tr><td>any of these before the body was sent (a gateway answering {@code Expect: 100-continue}
 *       with an error)</td><td>{@link RetryableException}: the service cannot have received the request</td></tr>
 *   <tr><td>408, 409, other 5xx, or {@code x-should-retry: true}</td><td>{@link RetryableException}</td></tr>
 *   <tr><td>other 5xx with {@code x-should-retry: false}</td><td>{@link ProviderException}</td></tr>
 *   <tr><td>other 4xx</td><td>{@link InvalidRequestException} with {@code param} and {@code code}</td></tr>
 * </table>
 *
 * <p>Vendor messages are kept (cut at 1,000 characters <em>after</em> redaction), with the configured secrets
 * and anything shaped like a key, token or JWT redacted from the message and from the {@code code},
 * {@code param}, {@code type} and request id fields; a body cut short loses its last, possibly partial, token
 * before anything is read from it. Thread-safe.
 */
public final class ErrorMapper implements WireErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Key-shaped strings: prefixed API keys, JWTs, bearer tokens, 32-hex-digit keys, long opaque tokens. */
    private static final Pattern[] KEY_SHAPES = {
        Pattern.compile("\\b(sk|rk|pk|key|aiml|api[-_]?key)[-_][A-Za-z0-9_\\-]{6,}"),
        Pattern.compile("\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}(\\.[A-Za-z0-9_\\-]*)?"),
        Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/\\-]{8,}=*"),
        Pattern.compile("\\b[A-Fa-f0-9]{32,}\\b"),
        Pattern.compile("\\b(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{40,}\\b")};
    private static final String[] KEY_REPLACEMENTS = {"$1-***", "***", "$1 ***", "***", "***"};
    /** What a cut can leave of a token at the end of a truncated body. */
    private static final Pattern TRAILING_TOKEN = Pattern.compile("[A-Za-z0-9_\\-.+/=~]+$");
    private static final Pattern SAFETY_VIOLATIONS = Pattern.compile("safety_violations=\\[([^\\]]*)\\]");
    private static final Set<String> POLICY_CODES = Set.of("moderation_blocked", "content_policy_violation",
            "contentfilter", "content_filter", "responsibleaipolicyviolation");
    private static final int MAX_MESSAGE = 1000;

    private final List<String> requestIdHeaders;
    private final UnaryOperator<String> redactor;

    /**
     * A mapper.
     *
     * @param requestIdHeaders headers that carry the request id, in order of preference
     * @param redactor         removes configured secrets from vendor messages (identity if none)
     */
    public ErrorMapper(List<String> requestIdHeaders, UnaryOperator<String> redactor) {
        this.requestIdHeaders = List.copyOf(requestIdHeaders);
        this.redactor = redactor;
    }

    /** The request id from the headers, if any. */
    @Override
    public String requestId(HttpHeaders headers) {
        for (String h : requestIdHeaders) {
            String v = headers.firstValue(h).orElse(null);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /**
     * Maps an error answer.
     *
     * @param providerId the provider, for the exception
     * @param status     the HTTP status (for an in-stream {@code error} event, 0)
     * @param headers    the response headers
     * @param body       the body, possibly cut short; may be empty or not JSON
     */
    public ImageGenerationException map(String providerId, int status, HttpHeaders headers, byte[] body) {
        return map(providerId, status, headers, body, true, false);
    }

    /**
     * Maps an error answer, knowing how far the request got.
     *
     * @param providerId  the provider, for the exception
     * @param status      the HTTP status (for an in-stream {@code error} event, 0)
     * @param headers     the response headers
     * @param body        the body, possibly cut short; may be empty or not JSON
     * @param requestSent whether the whole request body had been sent when the answer came (with
     *                    {@code Expect: 100-continue}, an early answer means it was not)
     * @param cut         whether {@code body} was cut short (its last token may be part of a secret)
     */
    @Override
    public ImageGenerationException map(String providerId, int status, HttpHeaders headers, byte[] body,
            boolean requestSent, boolean cut) {
        Parsed p = parse(body, cut, this::redact);
        String requestId = requestId(headers);
        if (requestId == null) {
            requestId = p.requestId;
        }
        requestId = redactId(requestId);
        String message = clean(p.message != null ? p.message
                : status > 0 ? "HTTP " + status + " with no error message" : "error with no message");
        String code = p.code;
        String lowerCode = code == null ? "" : code.toLowerCase(Locale.ROOT);
        String lowerMsg = message.toLowerCase(Locale.ROOT);
        boolean shouldRetryTrue = headers.firstValue("x-should-retry").map("true"::equalsIgnoreCase).orElse(false);
        boolean shouldRetryFalse = headers.firstValue("x-should-retry").map("false"::equalsIgnoreCase).orElse(false);

        // AI/ML API's flat error body has no code for a safety refusal: only its (OpenAI-worded) message says so
        // OpenRouter's moderation answers 403 "... your input was flagged for ..."
        if (POLICY_CODES.contains(lowerCode) || POLICY_CODES.contains(p.innerCode.toLowerCase(Locale.ROOT))
                || (status == 400 && lowerMsg.contains("as a result of our safety system"))
                || (status == 403 && lowerMsg.contains("was flagged"))) {
            return new ContentPolicyException(message, providerId, status, requestId, code, stage(p, lowerMsg),
                    categories(p, message), p.filterResults);
        }
        if (status >= 300 && status < 400) {
            String location = headers.firstValue("location").map(l -> {
                try {
                    java.net.URI u = java.net.URI.create(l);
                    return u.getHost() == null ? l : u.getScheme() + "://" + u.getHost();
                } catch (IllegalArgumentException e) {
                    return "an invalid location";
                }
            }).orElse("nowhere");
            return new ProviderException("unexpected redirect (HTTP " + status + ") to " + location
                    + "; redirects are not followed, so credentials never leave the configured origin: check the base URL",
                    null, providerId, status, requestId, code);
        }
        if (status == 401) {
            return new AuthenticationException(message, null, providerId, status, requestId, code);
        }
        if (status == 402 || lowerCode.equals("insufficient_quota") || "insufficient_quota".equals(p.type)
                || (status == 403 && (lowerMsg.contains("credit") || lowerMsg.contains("quota")
                        || lowerMsg.contains("billing")))) {
            return new QuotaExceededException(message, null, providerId, status, requestId, code);
        }
        if (status == 403) {
            return new AuthenticationException(message, null, providerId, status, requestId, code);
        }
        if (status == 404 || lowerCode.equals("model_not_found") || lowerCode.equals("deploymentnotfound")) {
            return new ModelNotFoundException(message, null, providerId, status, requestId, code);
        }
        if (status == 429) {
            return new RateLimitException(message, null, providerId, status, requestId, code,
                    HeaderValues.retryAfter(headers, Instant::now).orElse(null));
        }
        if (requestSent && (status == 504 || status == 524 || status == 598 || status == 599)) {
            return new ResultUnknownException(message + " (a gateway timed out waiting for the service, which may "
                    + "still have generated the image: not retried; it may have been paid for)", null, providerId,
                    status, requestId);
        }
        if (requestSent && (status == 502 || status == 520)) {
            return new ResultUnknownException(message + " (a gateway lost the service's answer after the request was "
                    + "sent: not retried; the image may have been generated and paid for)", null, providerId, status,
                    requestId);
        }
        if (shouldRetryTrue || status == 408 || status == 409 || (status >= 500 && !shouldRetryFalse)) {
            return new RetryableException(message, null, providerId, status, requestId, code,
                    HeaderValues.retryAfter(headers, Instant::now).orElse(null));
        }
        if (status >= 500) {
            return new ProviderException(message, null, providerId, status, requestId, code);
        }
        if (status == 0 && p.type != null && p.type.contains("server")) {
            return new RetryableException(message, null, providerId, status, requestId, code);
        }
        return new InvalidRequestException(message, null, providerId, status, requestId, code, p.param);
    }

    /**
     * A vendor message as exceptions carry it: redacted ({@link #redact}), then cut at 1,000 characters.
     *
     * @param message the message; not null
     */
    public String clean(String message) {
        String m = redact(message);
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }

    /** Removes the configured secrets and anything shaped like a key, token or JWT; null stays null. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String m = redactor.apply(text);
        for (int i = 0; i < KEY_SHAPES.length; i++) {
            m = KEY_SHAPES[i].matcher(m).replaceAll(KEY_REPLACEMENTS[i]);
        }
        return m;
    }

    /** Like {@link #redact} but keeps long hex or alphanumeric ids (request ids look like that). */
    private String redactId(String id) {
        if (id == null) {
            return null;
        }
        String m = redactor.apply(id);
        for (int i = 0; i < 3; i++) {
            m = KEY_SHAPES[i].matcher(m).replaceAll(KEY_REPLACEMENTS[i]);
        }
        return m;
    }

    private static ContentPolicyException.Stage stage(Parsed p, String lowerMsg) {
        if (p.stage != null) {
            return p.stage.equalsIgnoreCase("output") ? ContentPolicyException.Stage.OUTPUT
                    : p.stage.equalsIgnoreCase("input") ? ContentPolicyException.Stage.INPUT
                    : ContentPolicyException.Stage.UNKNOWN;
        }
        if (lowerMsg.contains("generated image was filtered")) {
            return ContentPolicyException.Stage.OUTPUT;
        }
        if (lowerMsg.contains("your request was rejected") || lowerMsg.contains("prompt")) {
            return ContentPolicyException.Stage.INPUT;
        }
        return ContentPolicyException.Stage.UNKNOWN;
    }

    private static List<String> categories(Parsed p, String message) {
        if (!p.categories.isEmpty()) {
            return p.categories;
        }
        List<String> out = new ArrayList<>();
        p.filterResults.forEach((category, result) -> {
            if (result instanceof Map && Boolean.TRUE.equals(((Map<?, ?>) result).get("filtered"))) {
                out.add(category);
            }
        });
        if (out.isEmpty()) {
            Matcher m = SAFETY_VIOLATIONS.matcher(message);
            if (m.find()) {
                for (String c : m.group(1).split(",")) {
                    if (!c.isBlank()) {
                        out.add(c.strip());
                    }
                }
            }
        }
        return out;
    }

    private static final class Parsed {
        String message;
        String type;
        String code;
        String param;
        String requestId;
        String stage;
        String innerCode = "";
        List<String> categories = List.of();
        Map<String, Object> filterResults = Map.of();
    }

    private static Parsed parse(byte[] body, boolean cut, UnaryOperator<String> redact) {
        Parsed p = parseRaw(body, cut, redact);
        p.code = redact.apply(p.code);
        p.param = redact.apply(p.param);
        p.type = redact.apply(p.type);
        p.stage = redact.apply(p.stage);
        p.innerCode = redact.apply(p.innerCode);
        List<String> categories = new ArrayList<>();
        p.categories.forEach(c -> categories.add(redact.apply(c)));
        p.categories = categories;
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Parsed parseRaw(byte[] body, boolean cut, UnaryOperator<String> redact) {
        Parsed p = new Parsed();
        if (body == null || body.length == 0) {
            return p;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (cut) {
                text = TRAILING_TOKEN.matcher(text).replaceFirst(""); // may be the first part of a secret
            }
            text = redact.apply(text.strip()); // before cutting, so that no part of a secret survives the cut
            p.message = text.isEmpty() ? null : "non-JSON error body: " + (text.length() > 200 ? text.substring(0, 200)
                    + "..." : text);
            return p;
        }
        if (root == null || !root.isObject()) {
            return p;
        }
        JsonNode err = root.get("error");
        if (err != null && err.isTextual()) {
            p.message = err.asText();
            p.code = text(root, "code");
        } else if (err != null && err.isObject()) {
            p.message = text(err, "message");
            p.type = text(err, "type");
            p.code = text(err, "code");
            p.param = text(err, "param");
            JsonNode md = err.get("moderation_details");
            if (md != null && md.isObject()) {
                p.stage = text(md, "moderation_stage");
                p.categories = strings(md.get("categories"));
            }
            JsonNode inner = err.has("inner_error") ? err.get("inner_error") : err.get("innererror");
            if (inner != null && inner.isObject()) {
                p.innerCode = inner.path("code").asText("");
                JsonNode cfr = inner.get("content_filter_results");
                if (cfr != null && cfr.isObject()) {
                    p.filterResults = JSON.convertValue(cfr, LinkedHashMap.class);
                }
            }
        } else {
            p.message = text(root, "message");
            p.code = text(root, "code");
            if (p.code == null) {
                p.code = text(root, "statusCode");
            }
            if (p.message == null) {
                problemDetails(root, p);
            }
        }
        p.requestId = text(root, "requestId");
        return p;
    }

    /**
     * Replicate's problem details ({@code {"title", "detail", "status"}}) and fal's FastAPI bodies
     * ({@code {"detail": "..."}} or {@code {"detail": [{"loc", "msg", "type"}]}}, the first item's {@code type}
     * as the code, its {@code loc} as the parameter).
     */
    private static void problemDetails(JsonNode root, Parsed p) {
        JsonNode detail = root.get("detail");
        String title = text(root, "title");
        if (detail != null && detail.isArray() && detail.size() > 0) {
            List<String> parts = new ArrayList<>();
            for (JsonNode d : detail) {
                String loc = d.path("loc").isArray() ? joinLoc(d.path("loc")) : null;
                parts.add((loc == null ? "" : loc + ": ") + d.path("msg").asText(d.toString()));
            }
            p.message = String.join("; ", parts);
            JsonNode first = detail.get(0);
            p.code = text(first, "type");
            p.param = first.path("loc").isArray() ? joinLoc(first.path("loc")) : null;
        } else if (detail != null && detail.isTextual()) {
            p.message = title == null || detail.asText().startsWith(title) ? detail.asText()
                    : title + ": " + detail.asText();
        } else if (title != null) {
            p.message = title;
        }
    }

    private static String joinLoc(JsonNode loc) {
        List<String> names = new ArrayList<>();
        for (JsonNode n : loc) {
            if (!n.asText().equals("body")) {
                names.add(n.asText());
            }
        }
        return names.isEmpty() ? null : String.join(".", names);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
