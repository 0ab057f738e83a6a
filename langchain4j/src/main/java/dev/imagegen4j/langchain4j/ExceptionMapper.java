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
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.List;

/**
 * The one mapper from LangChain4j's exceptions to imagegen4j's hierarchy, so a route knows what to do next:
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>LangChain4j</th><th>imagegen4j</th><th>route does</th></tr>
 *   <tr><td>ContentFilteredException</td><td>ContentPolicyException</td><td>stop</td></tr>
 *   <tr><td>InvalidRequestException</td><td>InvalidRequestException</td><td>stop</td></tr>
 *   <tr><td>AuthenticationException</td><td>AuthenticationException</td><td>fail over</td></tr>
 *   <tr><td>ModelNotFoundException</td><td>ModelNotFoundException</td><td>fail over</td></tr>
 *   <tr><td>RateLimitException</td><td>RateLimitException</td><td>retry, then fail over</td></tr>
 *   <tr><td>TimeoutException</td><td>ResultUnknownException (the image may be paid for)</td><td>stop</td></tr>
 *   <tr><td>InternalServerException, other RetriableException</td><td>RetryableException</td><td>retry</td></tr>
 *   <tr><td>UnsupportedFeatureException, UnresolvedModelServerException, other NonRetriableException</td>
 *       <td>ProviderException</td><td>fail over</td></tr>
 *   <tr><td>HttpException</td><td>by status: 400/413/422 invalid, 401/403 auth, 404 model, 408/409/5xx retryable,
 *       429 rate limit, others provider</td><td></td></tr>
 *   <tr><td>{@code IllegalArgumentException("Operation is not supported")} (ImageModel's default methods)</td>
 *       <td>ProviderException</td><td>fail over</td></tr>
 *   <tr><td>anything else: by cause (connect failure, unknown host: RetryableException; socket or HTTP timeout:
 *       ResultUnknownException), else ProviderException</td><td></td><td></td></tr>
 * </table>
 * An {@link ImageGenerationException} passes through unchanged. The LangChain4j exception is the cause.
 */
final class ExceptionMapper {

    /** The message of the exception that ImageModel's default methods throw. */
    static final String NOT_SUPPORTED = "Operation is not supported";

    private ExceptionMapper() {
    }

    static ImageGenerationException map(RuntimeException e, String providerId, String operation) {
        if (e instanceof ImageGenerationException) {
            return (ImageGenerationException) e;
        }
        String type = e.getClass().getSimpleName();
        String message = type + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (e instanceof ContentFilteredException) {
            return new ContentPolicyException(message, providerId, 0, null, null, ContentPolicyException.Stage.UNKNOWN,
                    List.of(), null);
        }
        if (e instanceof dev.langchain4j.exception.InvalidRequestException) {
            return new InvalidRequestException(message, e, providerId, 0, null, null);
        }
        if (e instanceof dev.langchain4j.exception.AuthenticationException) {
            return new AuthenticationException(message, e, providerId, 0, null, null);
        }
        if (e instanceof dev.langchain4j.exception.ModelNotFoundException) {
            return new ModelNotFoundException(message, e, providerId, 0, null, null);
        }
        if (e instanceof dev.langchain4j.exception.RateLimitException) {
            return new RateLimitException(message, e, providerId, 429, null, null, null);
        }
        if (e instanceof TimeoutException) {
            return new ResultUnknownException(message + " (the image may have been generated and paid for)", e,
                    providerId, 0, null);
        }
        if (e instanceof InternalServerException || e instanceof RetriableException) {
            return new RetryableException(message, e, providerId, 0, null, null);
        }
        if (e instanceof NonRetriableException || e instanceof UnsupportedFeatureException) {
            return new ProviderException(message, e, providerId, 0, null, null);
        }
        if (e instanceof HttpException) {
            return byStatus(((HttpException) e).statusCode(), message, e, providerId);
        }
        if (e instanceof IllegalArgumentException && NOT_SUPPORTED.equals(e.getMessage())) {
            return new ProviderException("the LangChain4j ImageModel does not implement " + operation, e, providerId,
                    0, null, null);
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof HttpTimeoutException || c instanceof SocketTimeoutException) {
                return new ResultUnknownException(message + " (timed out; the image may have been generated and "
                        + "paid for)", e, providerId, 0, null);
            }
            if (c instanceof ConnectException || c instanceof UnknownHostException) {
                return new RetryableException(message, e, providerId, 0, null, null);
            }
        }
        return new ProviderException(message, e, providerId, 0, null, null);
    }

    private static ImageGenerationException byStatus(int status, String message, RuntimeException e, String id) {
        if (status == 429) {
            return new RateLimitException(message, e, id, status, null, null, null);
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException(message, e, id, status, null, null);
        }
        if (status == 404) {
            return new ModelNotFoundException(message, e, id, status, null, null);
        }
        if (status == 400 || status == 413 || status == 422) {
            return new InvalidRequestException(message, e, id, status, null, null);
        }
        if (status == 408 || status == 409 || status >= 500) {
            return new RetryableException(message, e, id, status, null, null);
        }
        return new ProviderException(message, e, id, status, null, null);
    }
}
