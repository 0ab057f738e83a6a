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
 *   <tr><td>safety refusal (any shape)</td><td>{@link ContentPolicyException}</td></tr>
 *   <tr><td>3xx (redirects are never followed)</td><td>{@link ProviderException}</td></tr>
 *   <tr><td>401; 403 (not about credits)</td><td>{@link AuthenticationException}</td></tr>
 *   <tr><td>404, {@code model_not_found}, {@code DeploymentNotFound}</td><td>{@link ModelNotFoundException}</td></tr>
 *   <tr><td>429 {@code insufficient_quota}; 402; 403 about credits or quota</td><td>{@link QuotaExceededException}</td></tr>
 *   <tr><td>other 429</td><td>{@link RateLimitException} with the server's delay</td></tr>
 *   <tr><td>408, 409, 5xx, or {@code x-should-retry: true}</td><td>{@link RetryableException}</td></tr>
 *   <tr><td>5xx with {@code x-should-retry: false}</td><td>{@link ProviderException}</td></tr>
 *   <tr><td>other 4xx</td><td>{@link InvalidRequestException} with {@code param} and {@code code}</td></tr>
 * </table>
 *
 * <p>Vendor messages are kept (cut at 1,000 characters), with anything that looks like an API key
 * redacted. Thread-safe.
 */
public final class ErrorMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|key|aiml)[-_][A-Za-z0-9_*\\-]{6,}");
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
        Parsed p = parse(body);
        String requestId = requestId(headers);
        if (requestId == null) {
            requestId = p.requestId;
        }
        String message = clean(p.message != null ? p.message
                : status > 0 ? "HTTP " + status + " with no error message" : "error with no message");
        String code = p.code;
        String lowerCode = code == null ? "" : code.toLowerCase(Locale.ROOT);
        String lowerMsg = message.toLowerCase(Locale.ROOT);
        boolean shouldRetryTrue = headers.firstValue("x-should-retry").map("true"::equalsIgnoreCase).orElse(false);
        boolean shouldRetryFalse = headers.firstValue("x-should-retry").map("false"::equalsIgnoreCase).orElse(false);

        // AI/ML API's flat error body has no code for a safety refusal: only its (OpenAI-worded) message says so
        if (POLICY_CODES.contains(lowerCode) || POLICY_CODES.contains(p.innerCode.toLowerCase(Locale.ROOT))
                || (status == 400 && lowerMsg.contains("as a result of our safety system"))) {
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

    private String clean(String message) {
        String m = redactor.apply(message);
        m = KEY_LIKE.matcher(m).replaceAll("$1-***");
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
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

    @SuppressWarnings("unchecked")
    private static Parsed parse(byte[] body) {
        Parsed p = new Parsed();
        if (body == null || body.length == 0) {
            return p;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
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
        }
        p.requestId = text(root, "requestId");
        return p;
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
