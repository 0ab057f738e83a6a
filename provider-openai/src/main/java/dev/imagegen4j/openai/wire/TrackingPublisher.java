package dev.imagegen4j.openai.wire;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells how far a request body got, which separates "the vendor cannot have received the request" (safe to
 * send again) from "it may have" (the result is unknown), and can be <em>abandoned</em>: once
 * {@link #abandon()} succeeded, the body is never published, so not one byte of it can leave.
 */
final class TrackingPublisher implements BodyPublisher {

    private static final int IDLE = 0;
    private static final int STARTED = 1;
    private static final int ABANDONED = -1;

    private final BodyPublisher delegate;
    private final Runnable onComplete;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile boolean completed;

    TrackingPublisher(BodyPublisher delegate, Runnable onComplete) {
        this.delegate = delegate;
        this.onComplete = onComplete;
    }

    /** Whether the last subscription delivered the whole body. */
    boolean completed() {
        return completed;
    }

    /**
     * Makes sure the body is never sent: succeeds only if the HTTP client has not asked for it yet.
     *
     * @return whether the body was abandoned (then no byte of it was or will be sent)
     */
    boolean abandon() {
        return state.compareAndSet(IDLE, ABANDONED);
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (!state.compareAndSet(IDLE, STARTED) && state.get() == ABANDONED) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IOException("request abandoned before its body was sent"));
            return;
        }
        completed = false;
        delegate.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                completed = true;
                onComplete.run();
                subscriber.onComplete();
            }
        });
    }
}
