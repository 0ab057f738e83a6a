package dev.imagegen4j.openai.wire;

import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Tells whether a request body was handed over completely, which separates "the vendor cannot have
 * received the request" (safe to retry) from "it may have" (the result is unknown).
 */
final class TrackingPublisher implements BodyPublisher {

    private final BodyPublisher delegate;
    private final Runnable onComplete;
    private volatile boolean completed;

    TrackingPublisher(BodyPublisher delegate, Runnable onComplete) {
        this.delegate = delegate;
        this.onComplete = onComplete;
    }

    /** Whether the last subscription delivered the whole body. */
    boolean completed() {
        return completed;
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
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
