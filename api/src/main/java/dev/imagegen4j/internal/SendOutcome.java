package dev.imagegen4j.internal;

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

    private SendOutcome() {
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
