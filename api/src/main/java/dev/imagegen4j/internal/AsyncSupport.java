package dev.imagegen4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The shared pool behind the default {@code generateAsync} and other work that blocks (URL downloads):
 * daemon threads, created on demand, so blocking work never queues behind other blocking work. Response
 * bodies are not read here: the wire client decodes them as they arrive, without a thread per body.
 */
public final class AsyncSupport {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "imagegen4j-async-" + COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private AsyncSupport() {
    }

    /** The shared pool, for continuations that block (URL downloads). */
    public static java.util.concurrent.Executor executor() {
        return POOL;
    }

    /** Runs {@code task} on the shared pool. */
    public static <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, POOL);
    }
}
