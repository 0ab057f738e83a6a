package dev.imagegen4j.springai;

import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.internal.Redaction;
import dev.imagegen4j.internal.SendOutcome;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mapper from what a Spring AI {@code ImageModel} throws to imagegen4j's hierarchy, by the question behind
 * the LangChain4j bridge's mapper too: could the vendor have processed, and billed, the request? If it could, the
 * answer is {@link ResultUnknownException}, which a route neither retries nor fails over unless opted in.
 *
 * <p>Spring AI models throw their HTTP client's exceptions (the OpenAI SDK's {@code OpenAIServiceException}s with a
 * {@code statusCode()}, Spring's {@code RestClientResponseException} with {@code getStatusCode()}), Spring AI's
 * {@code TransientAiException} / {@code NonTransientAiException} (whose messages start with the status,
 * {@code "503 - ..."}), or I/O failures. The status is read from the first exception in the chain that has one, by
 * those method names or that message form, so no vendor SDK is needed at compile time.
 *
 * <table>
 *   <caption>Mapping, first matching row wins</caption>
 *   <tr><th>Spring AI model throws</th><th>imagegen4j</th><th>route does</th></tr>
 *   <tr><td>an imagegen4j exception</td><td>unchanged</td><td></td></tr>
 *   <tr><td>a 400 whose text has a safety code ({@code moderation_blocked}, {@code content_policy_violation},
 *       {@code content_filter})</td><td>ContentPolicyException</td><td>stop</td></tr>
 *   <tr><td>a status: 429 / 401, 403 / 404 / 400, 413, 415, 422</td><td>RateLimit / Authentication /
 *       ModelNotFound / InvalidRequest</td><td>retry, then fail over / fail over / fail over / stop</td></tr>
 *   <tr><td>502, 504, 520, 524, 598, 599 (a gateway gave up after forwarding)</td><td>ResultUnknownException</td>
 *       <td>stop</td></tr>
 *   <tr><td>408, 409, other 5xx</td><td>RetryableException</td><td>retry, then fail over</td></tr>
 *   <tr><td>other 4xx</td><td>ProviderException</td><td>fail over</td></tr>
 *   <tr><td>a connect failure in the chain (refused, unknown host, connect timeout, TLS handshake)</td>
 *       <td>RetryableException (nothing was sent)</td><td>retry, then fail over</td></tr>
 *   <tr><td>any other I/O failure, timeout or interruption in the chain (reset after sending, read timeout,
 *       truncated body)</td><td>ResultUnknownException</td><td>stop</td></tr>
 *   <tr><td>{@code TransientAiException} without a status</td><td>RetryableException</td><td>retry, then fail over</td></tr>
 *   <tr><td>{@code NonTransientAiException} without a status, {@code UnsupportedOperationException}</td>
 *       <td>ProviderException</td><td>fail over</td></tr>
 *   <tr><td>anything else (an answer that does not parse, a bug in the model): it cannot be told whether the
 *       request was sent</td><td>ResultUnknownException</td><td>stop</td></tr>
 * </table>
 * The original exception is the cause; its message is cut to {@value #MAX_MESSAGE} characters after
 * credential-shaped text is masked.
 */
final class SpringAiExceptionMapper {

    static final int MAX_MESSAGE = 500;

    private static final Pattern CONTENT_POLICY = Pattern.compile(
            "moderation_blocked|content_policy_violation|content_filter|contentFilter|ResponsibleAIPolicyViolation");
    /** Spring AI's error handler: {@code "503 - {body}"}. */
    private static final Pattern LEADING_STATUS = Pattern.compile("^\\s*(?:HTTP\\s+)?([1-5]\\d\\d)\\b(?:\\s*-|\\s)");
    private static final String MAY_BE_PAID = SendOutcome.MAY_BE_PAID;

    private SpringAiExceptionMapper() {
    }

    static ImageGenerationException map(RuntimeException e, String providerId) {
        if (e instanceof ImageGenerationException) {
            return (ImageGenerationException) e;
        }
        String message = describe(e);
        Optional<Integer> status = status(e);
        if (status.isPresent()) {
            int code = status.get();
            if (code == 400 && safetyCode(e)) {
                return new ContentPolicyException(message, providerId, code, null, null,
                        ContentPolicyException.Stage.UNKNOWN, List.of(), null);
            }
            return SendOutcome.byStatus(code, message, e, providerId);
        }
        if (SendOutcome.nothingSent(e)) {
            return new RetryableException(message + " (no connection was made, so nothing was sent)", e, providerId,
                    0, null, null);
        }
        if (SendOutcome.failureAfterSending(e).isPresent()) {
            return new ResultUnknownException(message + " (after the request may have been sent" + MAY_BE_PAID + ")",
                    e, providerId, 0, null);
        }
        if (isA(e, "TransientAiException")) {
            return new RetryableException(message, e, providerId, 0, null, null);
        }
        if (isA(e, "NonTransientAiException") || e instanceof UnsupportedOperationException) {
            return new ProviderException(message, e, providerId, 0, null, null);
        }
        return new ResultUnknownException(message + " (it cannot be told whether the request reached the vendor"
                + MAY_BE_PAID + ")", e, providerId, 0, null);
    }

    /** Whether {@code e}'s class or a superclass has the simple name {@code name}. */
    private static boolean isA(Throwable e, String name) {
        for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getSimpleName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The HTTP status of the first exception in the chain that carries one. */
    static Optional<Integer> status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Throwable c = t;
            Optional<Integer> s = statusMethod(c, "statusCode").or(() -> statusMethod(c, "getStatusCode"))
                    .or(() -> statusMethod(c, "getRawStatusCode"));
            if (s.isPresent()) {
                return s;
            }
            if ((isA(c, "TransientAiException") || isA(c, "NonTransientAiException")) && c.getMessage() != null) {
                Matcher m = LEADING_STATUS.matcher(c.getMessage());
                if (m.find()) {
                    return Optional.of(Integer.parseInt(m.group(1)));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> statusMethod(Throwable t, String name) {
        try {
            Method m = t.getClass().getMethod(name);
            Object v = m.invoke(t);
            if (v instanceof Integer) {
                int s = (Integer) v;
                return s >= 100 && s < 600 ? Optional.of(s) : Optional.empty();
            }
            if (v != null) {
                // Spring's HttpStatusCode: value()
                Object value = v.getClass().getMethod("value").invoke(v);
                if (value instanceof Integer && (Integer) value >= 100 && (Integer) value < 600) {
                    return Optional.of((Integer) value);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // no such accessor: no status from this exception
        }
        return Optional.empty();
    }

    /** Whether a message or error body in the chain has a safety code (the OpenAI SDK keeps the code in the body). */
    private static boolean safetyCode(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && CONTENT_POLICY.matcher(c.getMessage()).find()) {
                return true;
            }
            for (String accessor : new String[] {"body", "getResponseBodyAsString"}) {
                String body = text(c, accessor);
                if (body != null && CONTENT_POLICY.matcher(body).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String text(Throwable t, String accessor) {
        try {
            Object v = t.getClass().getMethod(accessor).invoke(t);
            return v == null ? null : v.toString();
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            return null;
        }
    }

    private static String describe(RuntimeException e) {
        String m = e.getMessage();
        if (m == null && e.getCause() != null) {
            Throwable c = e.getCause();
            m = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + Redaction.bounded(m, MAX_MESSAGE));
    }

    /** A result the vendor produced (and may have billed) that cannot be delivered. */
    static ResultUnknownException unusableResult(String what, Throwable cause, String providerId) {
        return new ResultUnknownException(Redaction.bounded(what, MAX_MESSAGE) + MAY_BE_PAID, cause, providerId, 0,
                null);
    }
}
