package dev.imagegen4j.cli.mcp;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.RetryableException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;

/**
 * One generation or edit: it runs on its own thread, whoever waits for it (the call that started it, a retry with
 * the same idempotency key, {@code get_image_result}) gets its progress while waiting and the same outcome.
 * Thread-safe.
 */
final class ImageJob {

    final String id;
    final String tool;
    final String key;
    final String fingerprint;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final CopyOnWriteArraySet<ProgressWaiter> waiters = new CopyOnWriteArraySet<>();
    private volatile String phase = "queued";
    private volatile long bytes;
    private volatile long finishedNanos;

    ImageJob(String id, String tool, String key, String fingerprint) {
        this.id = id;
        this.tool = tool;
        this.key = key;
        this.fingerprint = fingerprint;
    }

    /**
     * What a job ended with: the structured result of its images, or a failure.
     *
     * @param done    the structured content of a success, else null
     * @param failure the failure, else null
     */
    record Outcome(java.util.Map<String, Object> done, Failure failure) {
    }

    /**
     * A failed job.
     *
     * @param fixable  whether the calling model can fix it (a tool result with isError) or not (a protocol error)
     * @param message  what happened and what to do, naming the rule; never a key, token or outside path
     * @param released whether nothing was generated or billed, so the idempotency key may be used again
     */
    record Failure(boolean fixable, String message, boolean released) {
    }

    /** A job that ended before this process started (read back from the journal). */
    static ImageJob finished(String id, String tool, String key, String fingerprint, Outcome o) {
        ImageJob job = new ImageJob(id, tool, key, fingerprint);
        job.finishedNanos = job.startNanos;
        job.phase = "done";
        job.outcome.complete(o);
        return job;
    }

    /**
     * Runs {@code work} with a listener that records the phase and tells the waiters; a failure becomes an outcome
     * through {@code failure}.
     */
    void run(Function<ImageListener, java.util.Map<String, Object>> work, Function<Throwable, Failure> failure) {
        Outcome o;
        try {
            o = new Outcome(work.apply(new Listener()), null);
        } catch (Throwable t) {
            o = new Outcome(null, failure.apply(t));
        }
        finishedNanos = System.nanoTime();
        phase = "done";
        outcome.complete(o);
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    boolean isDone() {
        return outcome.isDone();
    }

    /** Seconds since the job started, until it finished. */
    long elapsedSeconds() {
        long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
        return (end - startNanos) / 1_000_000_000L;
    }

    /** The phase in words, with the time so far, e.g. {@code waiting for the image (12 s)}. */
    String status() {
        String p = phase;
        if (p.equals("receiving") && bytes > 0) {
            p = String.format(Locale.ROOT, "receiving %.1f MB", bytes / 1e6);
        }
        return p + " (" + elapsedSeconds() + " s)";
    }

    void addWaiter(ProgressWaiter w) {
        waiters.add(w);
    }

    void removeWaiter(ProgressWaiter w) {
        w.stop();
        waiters.remove(w);
    }

    /** Tells every waiter {@code message}. */
    void broadcast(String message) {
        for (ProgressWaiter w : waiters) {
            w.send(message);
        }
    }

    boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /**
     * Whether the job failed in a way that proves nothing was generated or billed (refused before or by the vendor,
     * vendor unavailable before processing): then its idempotency key is free again and a retry runs anew. A success,
     * an unknown outcome or an unexpected failure keeps the key: a retry gets this job's outcome, never a new request.
     */
    boolean releasesKey() {
        Outcome o = outcome.getNow(null);
        return o != null && o.failure() != null && o.failure().released();
    }

    static boolean nothingPaid(Throwable t) {
        if (t instanceof ToolError || t instanceof InvalidRequestException || t instanceof ProviderException
                || t instanceof RetryableException) {
            return true;
        }
        if (t instanceof AllProvidersFailedException) {
            for (Throwable s : t.getSuppressed()) {
                if (!nothingPaid(s)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private final class Listener implements ImageListener {
        private int saved;

        @Override
        public void onPhase(Phase p) {
            if (p == Phase.DONE) {
                return;
            }
            phase = p.description();
            broadcast(status());
        }

        @Override
        public void onBytesReceived(long totalBytes) {
            bytes = totalBytes;
        }

        @Override
        public void onImage(GeneratedImage image) {
            saved++;
            broadcast("image " + saved + " received (" + elapsedSeconds() + " s)");
        }
    }
}
