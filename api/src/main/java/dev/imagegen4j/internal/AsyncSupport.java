package dev.imagegen4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The shared pool behind the default {@code generateAsync}: daemon threads, created on demand. */
public final class AsyncSupport {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "imagegen4j-async-" + COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    /**
     * Decoding pool: response bodies are read with blocking I/O, so they need threads; bounded at twice the
     * cores so that many responses arriving together queue instead of each taking a thread. Waiting for
     * a response takes no thread at all (the HTTP client is non-blocking until the headers arrive).
     */
    private static final int DECODERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final ExecutorService DECODING;

    static {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DECODERS, DECODERS, 30, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "imagegen4j-decode-" + COUNT.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        DECODING = pool;
    }

    private AsyncSupport() {
    }

    /** The bounded pool that reads response bodies of asynchronous calls. */
    public static java.util.concurrent.Executor decodingExecutor() {
        return DECODING;
    }

    /** The shared pool, for continuations that block (decoding a response body). */
    public static java.util.concurrent.Executor executor() {
        return POOL;
    }

    /** Runs {@code task} on the shared pool. */
    public static <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, POOL);
    }
}
