package dev.imagegen4j.internal;

import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * Whether a failed call may have been processed (and paid for) by the vendor: the question that decides
 * between "retry or fail over" and "report as unknown". Used by the error mappers.
 *
 * <p><b>Statuses that may follow processing</b> ({@link #mayHaveBeenProcessed(int)}): 502 and 504 (a gateway in
 * front of a slow generation gave up waiting, or got a broken answer, after forwarding the request), 520 and 524
 * (Cloudflare: the origin answered garbage, or took longer than 100 s, after receiving the request), 598 and 599
 * (network read timeouts reported by proxies). Not proof of nothing done, so not retried by default. Every other
 * 5xx (500, 503, 529 ...) is the vendor saying it failed: retryable.
 *
 * <p><b>Failures that prove nothing was sent</b> ({@link #nothingSent(Throwable)}): no connection was made
 * (refused, unreachable, unknown host, connect timeout) or the TLS handshake failed. Any other I/O failure or
 * timeout may have happened after the request was sent.
 */
public final class SendOutcome {

    /** Appended to the message of every outcome that may have cost money. */
    public static final String MAY_BE_PAID = "; the image may have been generated and paid for";

    private SendOutcome() {
    }

    /**
     * The exception for an HTTP status that a bridged library reports without a body we can read (LangChain4j,
     * Spring AI): 429 rate limit, 401/403 authentication, 404 model, 400/413/415/422 invalid request, the statuses
     * that {@linkplain #mayHaveBeenProcessed may follow processing} unknown, 408/409/5xx retryable, other 4xx a
     * provider error, anything else unknown.
     */
    public static ImageGenerationException byStatus(int status, String message, Throwable cause, String providerId) {
        if (status == 429) {
            return new RateLimitException(message, cause, providerId, status, null, null, null);
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException(message, cause, providerId, status, null, null);
        }
        if (status == 404) {
            return new ModelNotFoundException(message, cause, providerId, status, null, null);
        }
        if (status == 400 || status == 413 || status == 415 || status == 422) {
            return new InvalidRequestException(message, cause, providerId, status, null, null);
        }
        if (mayHaveBeenProcessed(status)) {
            return new ResultUnknownException(message + " (a gateway status that may follow a generation"
                    + MAY_BE_PAID + ")", cause, providerId, status, null);
        }
        if (status == 408 || status == 409 || (status >= 500 && status < 600)) {
            return new RetryableException(message, cause, providerId, status, null, null);
        }
        if (status >= 400 && status < 500) {
            return new ProviderException(message, cause, providerId, status, null, null);
        }
        return new ResultUnknownException(message + " (an unexpected status" + MAY_BE_PAID + ")", cause, providerId,
                status, null);
    }

    /** Whether an answer with {@code status} may come after the vendor processed the request (see above). */
    public static boolean mayHaveBeenProcessed(int status) {
        return status == 502 || status == 504 || status == 520 || status == 524 || status == 598 || status == 599;
    }

    /** Whether {@code t} or a cause of it shows that the request never left this machine. */
    public static boolean nothingSent(Throwable t) {
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException
                    || c instanceof UnknownHostException || c instanceof UnresolvedAddressException
                    || c instanceof NoRouteToHostException || c instanceof PortUnreachableException
                    || c instanceof SSLHandshakeException) {
                return true;
            }
            if (c instanceof SocketTimeoutException && c.getMessage() != null
                    && c.getMessage().toLowerCase(Locale.ROOT).contains("connect timed out")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The I/O failure, timeout or interruption in {@code t}'s chain that may have happened after the request was
     * sent; empty when there is none or when {@link #nothingSent} holds.
     */
    public static Optional<Throwable> failureAfterSending(Throwable t) {
        if (nothingSent(t)) {
            return Optional.empty();
        }
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof IOException || c instanceof HttpTimeoutException || c instanceof InterruptedException
                    || c instanceof java.io.UncheckedIOException || c instanceof java.util.concurrent.TimeoutException) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static Throwable next(Throwable c) {
        Throwable n = c.getCause();
        return n == c ? null : n;
    }
}
