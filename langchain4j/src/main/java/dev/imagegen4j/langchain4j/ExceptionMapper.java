package dev.imagegen4j.langchain4j;

import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.internal.Redaction;
import dev.imagegen4j.internal.SendOutcome;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mapper from LangChain4j's exceptions to imagegen4j's hierarchy, so a route knows what to do next. The
 * question behind every row: could the vendor have processed, and billed, the request? If it could, the answer is
 * {@link ResultUnknownException}, which a route neither retries nor fails over (unless opted in), because doing
 * so may pay again. LangChain4j's own "retriable" says only that trying again may work, not that nothing was paid.
 *
 * <table>
 *   <caption>Mapping, first matching row wins</caption>
 *   <tr><th>LangChain4j</th><th>imagegen4j</th><th>route does</th></tr>
 *   <tr><td>ContentFilteredException; a 400 whose body has a safety code ({@code moderation_blocked},
 *       {@code content_policy_violation}, {@code content_filter})</td><td>ContentPolicyException</td><td>stop</td></tr>
 *   <tr><td>InvalidRequestException</td><td>InvalidRequestException</td><td>stop</td></tr>
 *   <tr><td>AuthenticationException</td><td>AuthenticationException</td><td>fail over</td></tr>
 *   <tr><td>ModelNotFoundException</td><td>ModelNotFoundException</td><td>fail over</td></tr>
 *   <tr><td>RateLimitException</td><td>RateLimitException</td><td>retry, then fail over</td></tr>
 *   <tr><td>UnsupportedFeatureException, UnresolvedModelServerException; {@code IllegalArgumentException(
 *       "Operation is not supported")} (ImageModel's default methods), UnsupportedOperationException</td>
 *       <td>ProviderException</td><td>fail over</td></tr>
 *   <tr><td>an HttpException status in the chain (InternalServerException, TimeoutException, ... wrap one):
 *       502, 504, 520, 524, 598, 599 (a gateway gave up after forwarding)</td>
 *       <td>ResultUnknownException</td><td>stop</td></tr>
 *   <tr><td>... 408, 409, other 5xx</td><td>RetryableException</td><td>retry, then fail over</td></tr>
 *   <tr><td>... 400, 413, 415, 422 / 401, 403 / 404 / 429 / other 4xx</td><td>InvalidRequest /
 *       Authentication / ModelNotFound / RateLimit / ProviderException</td><td></td></tr>
 *   <tr><td>a connect failure in the chain (refused, unknown host, connect timeout, TLS handshake): nothing
 *       was sent</td><td>RetryableException</td><td>retry, then fail over</td></tr>
 *   <tr><td>TimeoutException; any other I/O failure, timeout or interruption in the chain (a reset after
 *       sending, a read timeout, a truncated or unparsable answer)</td><td>ResultUnknownException</td>
 *       <td>stop</td></tr>
 *   <tr><td>InternalServerException, other RetriableException (without a status or I/O cause)</td>
 *       <td>RetryableException</td><td>retry, then fail over</td></tr>
 *   <tr><td>other NonRetriableException</td><td>ProviderException</td><td>fail over</td></tr>
 *   <tr><td>anything else (LangChain4jException, a parse error, a bug in the model): it cannot be told
 *       whether the request was sent</td><td>ResultUnknownException</td><td>stop</td></tr>
 * </table>
 * An {@link ImageGenerationException} passes through unchanged. The LangChain4j exception is the cause; its
 * message (often the vendor's response body) is cut to {@value #MAX_MESSAGE} characters after credential-shaped
 * text is masked.
 */
final class ExceptionMapper {

    /** The message of the exception that ImageModel's default methods throw. */
    static final String NOT_SUPPORTED = "Operation is not supported";

    static final int MAX_MESSAGE = 500;

    /** The error codes of a safety refusal, for models that pass a 400 through as a plain HttpException. */
    private static final Pattern CONTENT_POLICY = Pattern.compile(
            "moderation_blocked|content_policy_violation|content_filter|contentFilter|ResponsibleAIPolicyViolation");

    private static final Pattern VENDOR_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){1,2000})\"");

    private static final String MAY_BE_PAID = SendOutcome.MAY_BE_PAID;

    private ExceptionMapper() {
    }

    static ImageGenerationException map(RuntimeException e, String providerId, String operation) {
        if (e instanceof ImageGenerationException) {
            return (ImageGenerationException) e;
        }
        String message = describe(e);
        Optional<Integer> status = status(e);
        int code = status.orElse(0);
        if (e instanceof ContentFilteredException || (code == 400 && safetyCode(e))) {
            return new ContentPolicyException(message, providerId, code, null, null,
                    ContentPolicyException.Stage.UNKNOWN, List.of(), null);
        }
        if (e instanceof dev.langchain4j.exception.InvalidRequestException) {
            return new InvalidRequestException(message, e, providerId, code, null, null);
        }
        if (e instanceof dev.langchain4j.exception.AuthenticationException) {
            return new AuthenticationException(message, e, providerId, code, null, null);
        }
        if (e instanceof dev.langchain4j.exception.ModelNotFoundException) {
            return new ModelNotFoundException(message, e, providerId, code, null, null);
        }
        if (e instanceof dev.langchain4j.exception.RateLimitException) {
            return new RateLimitException(message, e, providerId, 429, null, null, null);
        }
        if (e instanceof UnsupportedFeatureException || e instanceof UnresolvedModelServerException) {
            return new ProviderException(message, e, providerId, code, null, null);
        }
        if ((e instanceof IllegalArgumentException && NOT_SUPPORTED.equals(e.getMessage()))
                || e instanceof UnsupportedOperationException) {
            return new ProviderException("the LangChain4j ImageModel does not implement " + operation, e, providerId,
                    0, null, null);
        }
        if (status.isPresent()) {
            return SendOutcome.byStatus(code, message, e, providerId);
        }
        if (SendOutcome.nothingSent(e)) {
            return new RetryableException(message + " (no connection was made, so nothing was sent)", e, providerId,
                    0, null, null);
        }
        if (e instanceof TimeoutException || SendOutcome.failureAfterSending(e).isPresent()) {
            return new ResultUnknownException(message + " (after the request may have been sent" + MAY_BE_PAID + ")",
                    e, providerId, 0, null);
        }
        if (e instanceof InternalServerException || e instanceof RetriableException) {
            return new RetryableException(message, e, providerId, 0, null, null);
        }
        if (e instanceof NonRetriableException) {
            return new ProviderException(message, e, providerId, 0, null, null);
        }
        return new ResultUnknownException(message + " (it cannot be told whether the request reached the vendor"
                + MAY_BE_PAID + ")", e, providerId, 0, null);
    }

    /**
     * A result the vendor produced (and may have billed) that cannot be delivered: an unreadable or refused image
     * URL, broken base64, an unknown format, a sink that cannot be written. Never retried or failed over by default.
     */
    static ResultUnknownException unusableResult(String what, Throwable cause, String providerId) {
        return new ResultUnknownException(Redaction.bounded(what, MAX_MESSAGE) + MAY_BE_PAID, cause, providerId, 0,
                null);
    }

    private static boolean safetyCode(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && CONTENT_POLICY.matcher(c.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /** The status of the first {@link HttpException} in the chain. */
    private static Optional<Integer> status(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpException) {
                int s = ((HttpException) c).statusCode();
                return s > 0 ? Optional.of(s) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String describe(RuntimeException e) {
        String m = e.getMessage();
        if (m == null && e.getCause() != null) {
            Throwable c = e.getCause();
            m = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        }
        if (m != null) {
            // an HttpException's message is the vendor's body: its error message says it best
            Matcher vendor = VENDOR_MESSAGE.matcher(m);
            if (m.stripLeading().startsWith("{") && vendor.find()) {
                m = vendor.group(1).replace("\\\"", "\"");
            }
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + Redaction.bounded(m, MAX_MESSAGE));
    }
}
