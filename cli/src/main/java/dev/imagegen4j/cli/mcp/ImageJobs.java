package dev.imagegen4j.cli.mcp;

import dev.imagegen4j.ImageListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The server's jobs: each generation runs on its own thread, so it outlives a tool call that stops waiting, and
 * its outcome is kept by job id and by idempotency key (and in the {@link JobJournal}).
 *
 * <p>The money rule: a call with an idempotency key that was used before never sends a request while the first
 * job is running, has succeeded, or ended with an unknown outcome: it gets that job. Only a job that failed in a
 * way proving nothing was billed frees its key. The same key with other arguments is refused.
 *
 * <p>While jobs run, a heartbeat tells their waiters the phase and the time so far, so clients that reset their
 * timeouts on progress keep waiting. Thread-safe.
 */
final class ImageJobs implements AutoCloseable {

    /** Finished jobs kept in memory (oldest dropped first); the journal keeps all. */
    static final int MAX_KEPT = 1000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ImageJob> byId = new LinkedHashMap<>();
    private final Map<String, ImageJob> byKey = new HashMap<>();
    private final JobJournal journal;
    private final ExecutorService runner = Executors.newCachedThreadPool(daemon("imagegen-mcp-job"));
    private final ExecutorService sender = Executors.newSingleThreadExecutor(daemon("imagegen-mcp-progress"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            daemon("imagegen-mcp-heartbeat"));

    /**
     * @param journal   where jobs are recorded; read back at start
     * @param heartbeat how often waiters hear how a running job is doing
     */
    ImageJobs(JobJournal journal, Duration heartbeat) throws IOException {
        this.journal = journal;
        for (ImageJob job : journal.read()) {
            remember(job);
        }
        long ms = Math.max(50, heartbeat.toMillis());
        this.heartbeat.scheduleAtFixedRate(this::beat, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The executor progress notifications are sent on. */
    ExecutorService sender() {
        return sender;
    }

    /**
     * A submitted job.
     *
     * @param job      the job
     * @param replayed whether it is an earlier call's job (same idempotency key): nothing new was sent
     */
    record Submission(ImageJob job, boolean replayed) {
    }

    /**
     * Starts a job, or returns the earlier job of {@code key}.
     *
     * @param key         the idempotency key, or null
     * @param fingerprint what the request asks for (the same key must come with the same fingerprint)
     * @param work        makes the request and returns the structured result; runs on a job thread
     * @param failure     turns a failure into the job's outcome
     * @throws ToolError if {@code key} was used for another request
     */
    synchronized Submission submit(String tool, String key, String fingerprint,
            Function<ImageListener, Map<String, Object>> work, Function<Throwable, ImageJob.Failure> failure) {
        if (key != null) {
            ImageJob earlier = byKey.get(key);
            if (earlier != null) {
                if (!earlier.fingerprint.equals(fingerprint) || !earlier.tool.equals(tool)) {
                    throw new ToolError("idempotency_key '" + key + "' was already used for a different " + earlier.tool
                            + " request (job " + earlier.id + "): use a new key for a new request, or repeat the first "
                            + "request's arguments exactly to get its result");
                }
                if (!earlier.releasesKey()) {
                    return new Submission(earlier, true);
                }
            }
        }
        ImageJob job = new ImageJob(newId(), tool, key, fingerprint);
        try {
            journal.started(job);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the job in " + journal.file() + " (nothing was sent)", e);
        }
        remember(job);
        runner.execute(() -> {
            job.run(work, failure);
            try {
                journal.ended(job, job.outcome().join());
            } catch (IOException e) {
                System.err.println("imagegen mcp: cannot record the end of " + job.id + " in " + journal.file()
                        + ": " + e.getMessage());
            }
        });
        return new Submission(job, false);
    }

    synchronized Optional<ImageJob> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The ids of the most recent jobs, newest first. */
    synchronized List<String> recentIds(int max) {
        List<String> ids = new ArrayList<>(byId.keySet());
        java.util.Collections.reverse(ids);
        return ids.subList(0, Math.min(max, ids.size()));
    }

    synchronized List<ImageJob> running() {
        List<ImageJob> out = new ArrayList<>();
        for (ImageJob j : byId.values()) {
            if (!j.isDone()) {
                out.add(j);
            }
        }
        return out;
    }

    private void remember(ImageJob job) {
        byId.put(job.id, job);
        if (job.key != null) {
            byKey.put(job.key, job);
        }
        Iterator<ImageJob> oldest = byId.values().iterator();
        while (byId.size() > MAX_KEPT && oldest.hasNext()) {
            ImageJob j = oldest.next();
            if (j.isDone()) {
                oldest.remove();
                if (j.key != null && byKey.get(j.key) == j) {
                    byKey.remove(j.key);
                }
            }
        }
    }

    private void beat() {
        for (ImageJob j : running()) {
            if (j.hasWaiters()) {
                j.broadcast(j.status());
            }
        }
    }

    /**
     * Waits up to {@code max} for running jobs (their images are paid for: let them be saved), then stops the
     * threads.
     *
     * @return the jobs still running after {@code max}
     */
    List<ImageJob> drain(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (ImageJob j : running()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                j.outcome().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still running, or interrupted: reported below
            }
        }
        return running();
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        sender.shutdown();
        runner.shutdown();
    }

    private static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder("job-");
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
