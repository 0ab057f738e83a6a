package dev.imagegen4j.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.QuotaExceededException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.openai.wire.ErrorMapper;
import dev.imagegen4j.openai.wire.HeaderValues;
import dev.imagegen4j.openai.wire.WireErrors;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's error answers ({@code {"error":{"code","message","status","details":[...]}}}, the same on the Gemini API
 * and Vertex AI) to imagegen4j's exceptions. What is not Google-specific (redirects, 5xx, gateway timeouts after
 * the body was sent, other shapes) goes to the standard {@link ErrorMapper}.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>Answer</th><th>Exception</th></tr>
 *   <tr><td>401 {@code UNAUTHENTICATED}; 400 with {@code ErrorInfo.reason} {@code API_KEY_INVALID} (or
 *       {@code API_KEY_EXPIRED}, "API key not valid"); 403 {@code PERMISSION_DENIED} not about billing</td>
 *       <td>{@link AuthenticationException}</td></tr>
 *   <tr><td>404 {@code NOT_FOUND}</td><td>{@link ModelNotFoundException}</td></tr>
 *   <tr><td>429 {@code RESOURCE_EXHAUSTED} with a per-day {@code QuotaFailure}, or about billing, credits or a
 *       spending cap; 403 about billing</td><td>{@link QuotaExceededException}</td></tr>
 *   <tr><td>other 429 {@code RESOURCE_EXHAUSTED}</td><td>{@link RateLimitException} with {@code RetryInfo.retryDelay}
 *       (else {@code retry-after})</td></tr>
 *   <tr><td>400 {@code FAILED_PRECONDITION} (region not served, billing not enabled)</td>
 *       <td>{@link ProviderException}: another provider may serve it</td></tr>
 *   <tr><td>400 {@code INVALID_ARGUMENT}, {@code OUT_OF_RANGE}</td><td>{@link InvalidRequestException} with the
 *       field of {@code BadRequest.fieldViolations} as the parameter</td></tr>
 *   <tr><td>anything else (500 {@code INTERNAL}, 503 {@code UNAVAILABLE}, 504 {@code DEADLINE_EXCEEDED}, redirects,
 *       bodies of another shape)</td><td>{@link ErrorMapper}'s table</td></tr>
 * </table>
 *
 * <p>Messages and codes are redacted as {@link ErrorMapper} does. Thread-safe.
 */
final class GoogleErrorMapper implements WireErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROTO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)s");
    private static final Set<String> KEY_REASONS = Set.of("API_KEY_INVALID", "API_KEY_EXPIRED",
            "ACCESS_TOKEN_EXPIRED", "ACCESS_TOKEN_TYPE_UNSUPPORTED", "CREDENTIALS_MISSING");

    private final ErrorMapper standard;

    GoogleErrorMapper(ErrorMapper standard) {
        this.standard = standard;
    }

    @Override
    public String requestId(HttpHeaders headers) {
        return standard.requestId(headers);
    }

    @Override
    public ImageGenerationException map(String providerId, int status, HttpHeaders headers, byte[] body,
            boolean requestSent, boolean cut) {
        JsonNode error = parse(body);
        if (error == null || !error.path("status").isTextual()) {
            return standard.map(providerId, status, headers, body, requestSent, cut);
        }
        String state = error.get("status").asText();
        String message = standard.clean(error.path("message").asText("HTTP " + status + " " + state));
        String code = standard.redact(state);
        String requestId = standard.requestId(headers);
        String reason = detail(error, "ErrorInfo").path("reason").asText("");
        String lower = message.toLowerCase(Locale.ROOT);
        boolean billing = lower.contains("billing") || lower.contains("credits") || lower.contains("prepay")
                || lower.contains("spending cap");
        if (state.equals("UNAUTHENTICATED") || KEY_REASONS.contains(reason) || lower.contains("api key not valid")
                || (state.equals("PERMISSION_DENIED") && !billing)) {
            return new AuthenticationException(message, null, providerId, status, requestId, code);
        }
        if (state.equals("NOT_FOUND")) {
            return new ModelNotFoundException(message, null, providerId, status, requestId, code);
        }
        if (state.equals("RESOURCE_EXHAUSTED") || (state.equals("PERMISSION_DENIED") && billing)) {
            if (billing || daily(error)) {
                return new QuotaExceededException(message, null, providerId, status, requestId, code);
            }
            Duration delay = retryDelay(error);
            return new RateLimitException(message, null, providerId, status, requestId, code,
                    delay != null ? delay : HeaderValues.retryAfter(headers, Instant::now).orElse(null));
        }
        if (state.equals("FAILED_PRECONDITION")) {
            return new ProviderException(message, null, providerId, status, requestId, code);
        }
        if (state.equals("INVALID_ARGUMENT") || state.equals("OUT_OF_RANGE")) {
            JsonNode field = detail(error, "BadRequest").path("fieldViolations").path(0).path("field");
            return new InvalidRequestException(message, null, providerId, status, requestId, code,
                    field.isTextual() ? standard.redact(field.asText()) : null);
        }
        return standard.map(providerId, status, headers, body, requestSent, cut);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The first {@code details[]} entry of {@code type.googleapis.com/google.rpc.<type>}, or a missing node. */
    private static JsonNode detail(JsonNode error, String type) {
        for (JsonNode d : error.path("details")) {
            if (d.path("@type").asText("").endsWith("google.rpc." + type)) {
                return d;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Whether a {@code QuotaFailure} names a per-day quota: waiting seconds does not help. */
    private static boolean daily(JsonNode error) {
        for (JsonNode v : detail(error, "QuotaFailure").path("violations")) {
            String id = v.path("quotaId").asText("") + " " + v.path("quotaMetric").asText("");
            if (id.contains("PerDay") || id.contains("per_day")) {
                return true;
            }
        }
        return false;
    }

    /** {@code RetryInfo.retryDelay}, a protobuf duration such as {@code 7s} or {@code 0.500s}; null when absent. */
    static Duration retryDelay(JsonNode error) {
        String text = detail(error, "RetryInfo").path("retryDelay").asText("");
        Matcher m = PROTO_DURATION.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * 1e9));
    }
}
