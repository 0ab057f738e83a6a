package dev.imagegen4j.openai.wire;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The clocks of a generator's calls, on one daemon thread: the body idle timeout (every watched body is
 * checked four times per timeout, at least every 250 ms, and told when no byte arrived for that long) and
 * one-shot timers (the per-call deadline, the wait for {@code 100 Continue}). Timer tasks must be quick and
 * must not block: they only flag and cancel. Thread-safe.
 */
final class IdleWatchdog implements AutoCloseable {

    /** A body being received. */
    interface Watched {
        /** {@link System#nanoTime()} of the last byte received. */
        long lastProgress();

        /** No byte arrived for the idle timeout. */
        void stalled();
    }

    private final ScheduledExecutorService scheduler;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final long idleNanos;

    IdleWatchdog(Duration idle) {
        this.idleNanos = idle.toNanos();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "imagegen4j-watchdog");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true); // two timers per call, nearly always cancelled: do not keep them queued
        this.scheduler = pool;
        long period = Math.max(10, Math.min(250, idle.toMillis() / 4));
        scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts watching {@code w} until {@link #unwatch}. */
    void watch(Watched w) {
        watched.add(w);
    }

    void unwatch(Watched w) {
        watched.remove(w);
    }

    /** Runs {@code task} once after {@code delay}. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a timer must never kill the thread that runs every other timer
            }
        }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    private void check() {
        long now = System.nanoTime();
        for (Watched w : watched) {
            if (now - w.lastProgress() > idleNanos) {
                watched.remove(w);
                try {
                    w.stalled();
                } catch (RuntimeException ignored) {
                    // best effort; the call fails either way
                }
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
