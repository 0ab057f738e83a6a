package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends one request and receives its answer without a thread waiting on the network: the body is decoded
 * inside a {@link HttpResponse.BodySubscriber} as each buffer arrives ({@link ResponseDecoder}), so slow or
 * dripping bodies hold no thread and cannot starve other calls. Enforces the clocks of {@link Timeouts}
 * (the JDK's request timeout covers only the headers): body idle, the overall deadline, and the wait for
 * {@code 100 Continue}. Classifies every failure by what the vendor may have received (see
 * {@link WireImageGenerator}). Thread-safe; one per generator.
 */
final class WireTransport {

    static final int MAX_ERROR_BODY = 1 << 20;
    private static final long PROGRESS_STEP = 64 * 1024;

    /** What a successful exchange delivered. */
    static final class Received {
        final int status;
        final HttpHeaders headers;
        final String requestId;
        final ResponseDecoder.Decoded decoded;
        /** A failure after some images were complete (a stream error event): returned beside them. */
        final ImageGenerationException lateFailure;

        Received(int status, HttpHeaders headers, String requestId, ResponseDecoder.Decoded decoded,
                ImageGenerationException lateFailure) {
            this.status = status;
            this.headers = headers;
            this.requestId = requestId;
            this.decoded = decoded;
            this.lateFailure = lateFailure;
        }
    }

    /** One call's request and where its answer goes. */
    interface Call {
        /** The request, with a fresh body publisher wrapped by {@code track}. */
        HttpRequest request(boolean expectContinue, java.util.function.UnaryOperator<HttpRequest.BodyPublisher> track);

        ImageTargets targets();

        OutputFormat expected();

        /**
         * The push decoder of a successful answer (the format's: an OpenAI {@code ImagesResponse} or stream, a
         * codec's JSON, another protocol's document ({@link DocumentBody})).
         */
        ResponseDecoder.Body decoder(int status, HttpHeaders headers, String requestId, Base64Strings.ScratchPool pool,
                long maxImageBytes);

        /** The listener, with image indices already offset for split requests. */
        ImageListener listener();

        /** Whether a successful answer without images is a failure. Default true. */
        default boolean requiresImages() {
            return true;
        }

        /** Whether the request has a body (only then may it carry {@code Expect: 100-continue}). Default true. */
        default boolean hasBody() {
            return true;
        }
    }

    private final String providerId;
    private final HttpClient http;
    private final Timeouts timeouts;
    private final WireErrors errors;
    private final IdleWatchdog clock;
    private final Base64Strings.ScratchPool pool = new Base64Strings.ScratchPool();
    private final long maxImageBytes;
    private final boolean expectContinue;
    private final Set<String> noContinue = ConcurrentHashMap.newKeySet();

    WireTransport(String providerId, HttpClient http, Timeouts timeouts, WireErrors errors, long maxImageBytes,
            boolean expectContinue) {
        this.providerId = providerId;
        this.http = http;
        this.timeouts = timeouts;
        this.errors = errors;
        this.clock = new IdleWatchdog(timeouts.bodyIdle());
        this.maxImageBytes = maxImageBytes;
        this.expectContinue = expectContinue;
    }

    void close() {
        clock.close();
    }

    /**
     * Sends {@code call}. With {@code Expect: 100-continue}, if neither {@code 100 Continue} nor an answer
     * came within {@link Timeouts#expectContinue()} and no body byte was sent, the request is abandoned
     * (nothing was sent: the server cannot act on headers alone) and sent once more without the header,
     * which the generator then leaves off for that host.
     */
    Sending send(Call call, URI uri) {
        String host = uri.getHost() + ":" + uri.getPort();
        boolean expect = expectContinue && call.hasBody() && !noContinue.contains(host);
        Exchange first = new Exchange(call, expect);
        Sending sending = new Sending(first);
        first.start();
        if (!expect) {
            sending.outcome = first.outcome;
            return sending;
        }
        sending.outcome = first.outcome.exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ContinueAbandoned && !sending.interrupted) {
                noContinue.add(host);
                Exchange second = new Exchange(call, false);
                sending.current = second;
                second.start();
                return second.outcome;
            }
            return CompletableFuture.failedFuture(cause);
        });
        return sending;
    }

    /** A call in flight. */
    static final class Sending {
        volatile CompletableFuture<Received> outcome;
        volatile Exchange current;
        volatile boolean interrupted;

        Sending(Exchange first) {
            this.current = first;
        }

        /** Cancels the call (the caller was interrupted): what the vendor may have received. */
        ImageGenerationException interrupt() {
            interrupted = true;
            return current.interrupted();
        }
    }

    /** A clock ended the body (idle timeout, deadline): becomes the exception that fits the answer. */
    private static final class Timeout extends IOException {
        private static final long serialVersionUID = 1L;

        Timeout(String message) {
            super(message);
        }
    }

    /** The first attempt was abandoned before any body byte left: internal, never seen by callers. */
    private static final class ContinueAbandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ContinueAbandoned() {
            super("no 100 Continue", null, false, false);
        }
    }

    final class Exchange implements HttpResponse.BodyHandler<Void> {
        final Call call;
        final boolean expect;
        final CompletableFuture<Received> outcome = new CompletableFuture<>();
        TrackingPublisher tracker;
        HttpRequest request;
        volatile CompletableFuture<HttpResponse<Void>> pending;
        volatile Receiving receiving;
        volatile ScheduledFuture<?> deadlineTimer;
        volatile ScheduledFuture<?> continueTimer;

        Exchange(Call call, boolean expect) {
            this.call = call;
            this.expect = expect;
        }

        void start() {
            ImageListener listener = call.listener();
            request = call.request(expect, p -> {
                tracker = new TrackingPublisher(p, () -> listener.onPhase(ImageListener.Phase.WAITING));
                return tracker;
            });
            outcome.whenComplete((r, e) -> {
                cancel(deadlineTimer);
                cancel(continueTimer);
            });
            deadlineTimer = clock.schedule(this::deadlinePassed, timeouts.deadline());
            if (expect) {
                continueTimer = clock.schedule(this::continueWaitPassed, timeouts.expectContinue());
            }
            CompletableFuture<HttpResponse<Void>> p;
            try {
                p = http.sendAsync(request, this);
            } catch (RuntimeException e) {
                tracker.abandon();
                outcome.completeExceptionally(new ImageGenerationException("the request could not be sent: "
                        + describe(e), e, providerId, 0, null, null));
                return;
            }
            pending = p;
            p.whenComplete((response, error) -> {
                if (error != null) {
                    sendFailed(error);
                }
            });
        }

        private void cancel(ScheduledFuture<?> f) {
            if (f != null) {
                f.cancel(false);
            }
        }

        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            cancel(continueTimer);
            if (info.statusCode() == 417 && expect && tracker.abandon()) {
                // "Expectation Failed": the server will not take Expect; nothing was sent, so send it without
                outcome.completeExceptionally(new ContinueAbandoned());
                return HttpResponse.BodySubscribers.replacing(null);
            }
            Receiving r = new Receiving(this, info);
            receiving = r;
            return r;
        }

        private void continueWaitPassed() {
            if (receiving == null && tracker != null && tracker.abandon()) {
                CompletableFuture<HttpResponse<Void>> p = pending;
                outcome.completeExceptionally(new ContinueAbandoned());
                if (p != null) {
                    p.cancel(true);
                }
            }
        }

        private void deadlinePassed() {
            Receiving r = receiving;
            String what = "no complete answer within the deadline of " + human(timeouts.deadline());
            if (r != null) {
                r.abort(new Timeout(what + " (the body was still arriving after " + r.total + " bytes)"));
                return;
            }
            ImageGenerationException e;
            tracker.abandon();
            if (tracker.completed()) {
                e = new ResultUnknownException(what + " (no response headers yet); the image may have been "
                        + "generated and paid for", null, providerId, 0, null);
            } else {
                e = new RetryableException(what + ", before the request was completely sent", null, providerId, 0,
                        null, null);
            }
            outcome.completeExceptionally(e);
            CompletableFuture<HttpResponse<Void>> p = pending;
            if (p != null) {
                p.cancel(true);
            }
        }

        private void sendFailed(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (outcome.isDone()) {
                return;
            }
            Receiving r = receiving;
            if (r != null) {
                r.failFromOutside(cause);
                return;
            }
            if (cause instanceof IOException) {
                outcome.completeExceptionally(sendFailure((IOException) cause));
            } else if (cause instanceof CancellationException) {
                outcome.completeExceptionally(interrupted());
            } else if (cause instanceof ImageGenerationException) {
                outcome.completeExceptionally(cause);
            } else {
                outcome.completeExceptionally(unexpected(cause));
            }
        }

        /** The caller gave up (an interrupt): cancels and says what the vendor may have received. */
        ImageGenerationException interrupted() {
            Receiving r = receiving;
            ImageGenerationException e = tracker != null && (tracker.completed() || r != null)
                    ? new ResultUnknownException("interrupted after the request was sent", null, providerId, 0, null)
                    : new ImageGenerationException("interrupted before the request was sent", null, providerId, 0,
                            null, null);
            if (tracker != null) {
                tracker.abandon();
            }
            if (r != null) {
                r.abort(e);
            }
            outcome.completeExceptionally(e);
            CompletableFuture<HttpResponse<Void>> p = pending;
            if (p != null) {
                p.cancel(true);
            }
            return e;
        }

        private ImageGenerationException sendFailure(IOException e) {
            URI uri = request.uri();
            String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException
                    || e.getCause() instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
                return new RetryableException("cannot connect to " + host + ": " + describe(e), e, providerId, 0, null,
                        null);
            }
            if (!tracker.completed()) {
                return new RetryableException("connection to " + host + " failed before the request was sent: "
                        + describe(e), e, providerId, 0, null, null);
            }
            if (e instanceof HttpTimeoutException) {
                return new ResultUnknownException("no response headers within " + human(timeouts.headers())
                        + " (headers timeout); the image may have been generated and paid for", e, providerId, 0,
                        null);
            }
            return new ResultUnknownException("connection to " + host + " failed after the request was sent ("
                    + describe(e) + "); the image may have been generated and paid for", e, providerId, 0, null);
        }

        private ImageGenerationException unexpected(Throwable cause) {
            if (tracker != null && tracker.completed()) {
                return new ResultUnknownException("unexpected failure after the request was sent (" + describe(cause)
                        + "); the image may have been generated and paid for", cause, providerId, 0, null);
            }
            return new ImageGenerationException("unexpected failure before the request was sent: " + describe(cause),
                    cause, providerId, 0, null, null);
        }
    }

    /** Receives one response body, decoding it as it arrives. */
    private final class Receiving implements HttpResponse.BodySubscriber<Void>, IdleWatchdog.Watched {
        final Exchange exchange;
        final int status;
        final HttpHeaders headers;
        final String requestId;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final ReentrantLock lock = new ReentrantLock();
        final ResponseDecoder.Body body;
        byte[] errorBody;
        int errorLength;
        boolean errorCut;
        volatile Flow.Subscription subscription;
        volatile long lastProgress = System.nanoTime();
        volatile Throwable abortReason;
        boolean finished;
        long total;
        long reported;

        Receiving(Exchange exchange, HttpResponse.ResponseInfo info) {
            this.exchange = exchange;
            this.status = info.statusCode();
            this.headers = info.headers();
            this.requestId = errors.requestId(headers);
            Call call = exchange.call;
            call.listener().onPhase(ImageListener.Phase.RECEIVING);
            if (status < 200 || status >= 300) {
                body = null;
                errorBody = new byte[1024];
            } else {
                body = call.decoder(status, headers, requestId, pool, maxImageBytes);
            }
            clock.watch(this);
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (abortReason != null || exchange.outcome.isDone()) {
                s.cancel();
                lock.lock();
                try {
                    if (!finished) {
                        fail(abortReason != null ? abortReason : new Timeout("abandoned"));
                    }
                } finally {
                    lock.unlock();
                }
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            lock.lock();
            try {
                if (finished) {
                    return;
                }
                for (ByteBuffer b : items) {
                    int n = b.remaining();
                    if (n > 0) {
                        lastProgress = System.nanoTime();
                        accept(b);
                        total += n;
                    }
                    Throwable reason = abortReason;
                    if (reason != null && !finished) {
                        fail(reason);
                    }
                    if (finished) {
                        return;
                    }
                }
                if (total - reported >= PROGRESS_STEP) {
                    reported = total;
                    exchange.call.listener().onBytesReceived(total);
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                lock.unlock();
            }
        }

        private void accept(ByteBuffer b) throws IOException {
            if (body == null) {
                collectError(b);
                return;
            }
            body.feed(b);
        }

        private void collectError(ByteBuffer b) {
            int n = Math.min(b.remaining(), MAX_ERROR_BODY - errorLength);
            if (errorLength + n > errorBody.length) {
                errorBody = Arrays.copyOf(errorBody, Math.min(MAX_ERROR_BODY, Math.max(errorLength + n,
                        2 * errorBody.length)));
            }
            b.get(errorBody, errorLength, n);
            errorLength += n;
            if (errorLength == MAX_ERROR_BODY) {
                errorCut = true;
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
                complete(); // enough to map the error; the rest is not read
            }
        }

        @Override
        public void onError(Throwable t) {
            lock.lock();
            try {
                if (!finished) {
                    fail(t);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onComplete() {
            lock.lock();
            try {
                if (total > reported) {
                    // the last step: progress listeners and metrics see the whole body, not a lower bound
                    reported = total;
                    exchange.call.listener().onBytesReceived(total);
                }
                if (!finished) {
                    complete();
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long lastProgress() {
            return lastProgress;
        }

        @Override
        public void stalled() {
            abort(new Timeout("response body stalled: no bytes for " + human(timeouts.bodyIdle())
                    + " (body idle timeout) after " + total + " bytes"));
        }

        /** Fails the call from a timer or an interrupt, without waiting for a decoder busy in a sink. */
        void abort(Throwable reason) {
            abortReason = reason;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if (lock.tryLock()) {
                try {
                    if (!finished) {
                        fail(reason);
                    }
                } finally {
                    lock.unlock();
                }
            } else {
                // the decoder thread is inside a sink write; it cleans up when it returns
                exchange.outcome.completeExceptionally(reason instanceof ImageGenerationException ? reason
                        : new ResultUnknownException(reason.getMessage() + "; the image may have been generated and "
                        + "paid for", reason, providerId, status, requestId));
            }
        }

        /** The HTTP client failed the exchange after the headers (a reset mid-body). */
        void failFromOutside(Throwable cause) {
            lock.lock();
            try {
                if (!finished) {
                    fail(cause);
                }
            } finally {
                lock.unlock();
            }
        }

        private void complete() {
            finished = true;
            clock.unwatch(this);
            try {
                if (body == null) {
                    byte[] bytes = Arrays.copyOf(errorBody, errorLength);
                    ImageGenerationException mapped = errors.map(providerId, status, headers, bytes,
                            exchange.tracker.completed(), errorCut);
                    exchange.outcome.completeExceptionally(mapped);
                } else {
                    ResponseDecoder.Decoded d = body.finish();
                    body.release();
                    if (d.images.isEmpty() && exchange.call.requiresImages()) {
                        exchange.outcome.completeExceptionally(new ResultUnknownException(
                                "the response has no images", null, providerId, status, requestId));
                    } else {
                        exchange.outcome.complete(new Received(status, headers,
                                requestId != null ? requestId : d.requestId, d, null));
                    }
                }
            } catch (Throwable t) {
                finished = false;
                fail(t);
                return;
            }
            done.complete(null);
        }

        private void fail(Throwable t) {
            finished = true;
            clock.unwatch(this);
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if (body != null) {
                body.abort();
                body.release();
            }
            if (t instanceof ResponseDecoder.StreamError) {
                streamFailed((ResponseDecoder.StreamError) t);
            } else {
                exchange.outcome.completeExceptionally(bodyFailure(t));
            }
            done.complete(null);
        }

        private void streamFailed(ResponseDecoder.StreamError e) {
            ImageGenerationException vendor = errors.map(providerId, 0, headers, e.body, true, false);
            ResponseDecoder.Decoded before = e.before;
            if (before.images.isEmpty() && before.partials == 0) {
                exchange.outcome.completeExceptionally(vendor);
                return;
            }
            String what = before.images.isEmpty()
                    ? before.partials + " partial image(s)" : before.images.size() + " complete image(s)";
            ResultUnknownException late = new ResultUnknownException("the stream reported an error after "
                    + what + " had arrived: " + vendor.getMessage() + "; the image may have been generated and paid for",
                    vendor, providerId, status, vendor.requestId().orElse(requestId));
            if (before.images.isEmpty()) {
                exchange.outcome.completeExceptionally(late);
            } else {
                exchange.outcome.complete(new Received(status, headers, requestId, before, late));
            }
        }

        private ImageGenerationException bodyFailure(Throwable t) {
            if (t instanceof ImageGenerationException) {
                return (ImageGenerationException) t;
            }
            String after = " after " + total + " bytes";
            String paid = "; the image may have been generated and paid for";
            if (body == null) {
                // the error answer itself broke off, stalled or outlived the deadline: map what arrived
                return errors.map(providerId, status, headers, Arrays.copyOf(errorBody, errorLength),
                        exchange.tracker.completed(), true);
            }
            if (t instanceof Timeout) {
                return new ResultUnknownException(t.getMessage() + paid, null, providerId, status, requestId);
            }
            if (t instanceof Base64Strings.TooLarge) {
                return new ResultUnknownException(t.getMessage() + paid, t, providerId, status, requestId);
            }
            if (t instanceof ResponseDecoder.BadUrl) {
                return new ResultUnknownException(t.getMessage() + paid, t, providerId, status, requestId);
            }
            if (t instanceof Base64Strings.Malformed || t instanceof JsonProcessingException) {
                String m = t instanceof JsonProcessingException ? ((JsonProcessingException) t).getOriginalMessage()
                        : t.getMessage();
                return new ResultUnknownException("malformed response body" + after + ": " + m + paid, t,
                        providerId, status, requestId);
            }
            if (t instanceof IOException) {
                return new ResultUnknownException("response body truncated or unreadable" + after + ": "
                        + describe(t) + paid, t, providerId, status, requestId);
            }
            return new ResultUnknownException("failed while receiving the response" + after + " (" + describe(t)
                    + ")" + paid, t, providerId, status, requestId);
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) {
            return (ms / 60_000) + " min";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        return ms + " ms";
    }

}
