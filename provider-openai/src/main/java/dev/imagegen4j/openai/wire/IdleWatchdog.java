package dev.imagegen4j.openai.wire;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Enforces the body idle timeout: a response body from which no byte arrived for that long is closed,
 * which unblocks the reading thread with an {@link IOException}; {@link Watched#stalled()} then tells
 * why. One daemon thread checks every watched body four times per timeout (at least every 250 ms).
 */
final class IdleWatchdog implements AutoCloseable {

    private static final long PROGRESS_STEP = 64 * 1024;

    private final ScheduledExecutorService scheduler;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final long idleNanos;

    IdleWatchdog(Duration idle) {
        this.idleNanos = idle.toNanos();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imagegen4j-idle-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, Math.min(250, idle.toMillis() / 4));
        scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Watches {@code in}; {@code progress} receives the running byte count about every 64 KiB. */
    Watched watch(InputStream in, LongConsumer progress) {
        Watched w = new Watched(in, progress);
        watched.add(w);
        return w;
    }

    private void check() {
        long now = System.nanoTime();
        for (Watched w : watched) {
            if (now - w.lastProgress > idleNanos) {
                w.stalled = true;
                watched.remove(w);
                try {
                    w.abort();
                } catch (IOException | RuntimeException ignored) {
                    // closing is best effort; the reader fails either way
                }
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** A watched body. */
    final class Watched extends FilterInputStream {
        private final LongConsumer progress;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;
        private long total;
        private long reported;

        Watched(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        void abort() throws IOException {
            in.close();
        }

        /** Whether the watchdog closed this body because it stalled. */
        boolean stalled() {
            return stalled;
        }

        /** Bytes read so far. */
        long total() {
            return total;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(int n) {
            lastProgress = System.nanoTime();
            total += n;
            if (total - reported >= PROGRESS_STEP) {
                reported = total;
                progress.accept(total);
            }
        }

        @Override
        public void close() throws IOException {
            watched.remove(this);
            super.close();
        }
    }
}
