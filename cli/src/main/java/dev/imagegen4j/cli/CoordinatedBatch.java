package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This worker's part of a batch shared through a coordinator ({@link BatchLedger}): jobs are offered in file
 * order; each is claimed in Redis (one worker wins), its lease is renewed while it runs, Redis records that its
 * request is being sent just before the local manifest's intent line, and its outcome after the manifest's outcome
 * line. A job another live worker holds is looked at again later: when that worker's lease expires, the job is
 * claimed here if its request was never sent, and reported as unknown (not sent) if it was. The worker ends when
 * every job is finished, failed or unknown.
 */
final class CoordinatedBatch implements BatchRun.Hooks, AutoCloseable {

    private final BatchLedger ledger;
    private final String batch;
    private final String worker;
    private final String host;
    private final String runId;
    private final Path out;
    private final long leaseMs;
    private final boolean retryUnknown;
    private final BatchStats stats;
    private final Context ctx;
    private final long runStart;
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private final List<String> unrecorded = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService renewer;
    private volatile String lost;

    CoordinatedBatch(BatchLedger ledger, String batch, String worker, String host, String runId, Path out,
            Duration lease, boolean retryUnknown, BatchStats stats, Context ctx) {
        this.ledger = ledger;
        this.batch = batch;
        this.worker = worker;
        this.host = host;
        this.runId = runId;
        this.out = out;
        this.leaseMs = lease.toMillis();
        this.retryUnknown = retryUnknown;
        this.stats = stats;
        this.ctx = ctx;
        this.runStart = ledger.now();
        heartbeat();
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imagegen-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, leaseMs / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        ObjectNode info = ResultPrinter.JSON.createObjectNode();
        info.put("host", host);
        info.put("pid", ProcessHandle.current().pid());
        info.put("out", out.toString());
        info.put("run", runId);
        info.put("started", runStart);
        ledger.heartbeat(batch, worker, info, leaseMs);
    }

    private void renewAll() {
        try {
            heartbeat();
            for (Map.Entry<String, String> e : held.entrySet()) {
                ledger.renew(batch, e.getKey(), e.getValue(), leaseMs);
            }
        } catch (RuntimeException e) {
            // the next renewal tries again; claims and records notice a coordinator that stays away
        }
    }

    /**
     * Runs a coordinator step, trying again twice after a failure (a timeout on a busy machine). Every step is
     * safe to repeat: a script that ran but whose answer was lost gives the same answer again.
     */
    private <T> T patiently(java.util.function.Supplier<T> step) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                last = e;
                BatchLedger.sleep(300L * attempt);
            }
        }
        throw last;
    }

    private void coordinatorLost(RuntimeException e) {
        if (lost == null) {
            lost = "the coordinator " + ledger.describe() + " failed (" + BatchLedger.describe(e) + ")";
            ctx.err.println("imagegen: " + lost + "; no new job is started here; jobs in flight finish and are "
                    + "recorded in the local manifest");
        }
    }

    /** Offers every job of {@code todo} to this worker, {@code concurrency} at a time, until each is settled. */
    void runAll(List<BatchFile.Item> todo, BatchRun run, int concurrency) throws Exception {
        ConcurrentLinkedQueue<BatchFile.Item> fresh = new ConcurrentLinkedQueue<>(todo);
        DelayQueue<Later> later = new DelayQueue<>();
        List<java.util.concurrent.Callable<Void>> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(() -> {
                work(fresh, later, run);
                return null;
            });
        }
        BatchCommand.runAll(workers, concurrency);
    }

    private void work(ConcurrentLinkedQueue<BatchFile.Item> fresh, DelayQueue<Later> later, BatchRun run)
            throws InterruptedException {
        while (lost == null) {
            BatchFile.Item item = fresh.poll();
            if (item == null) {
                Later next = later.poll(Math.min(500, Math.max(50, leaseMs / 3)), TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (fresh.isEmpty() && later.isEmpty()) {
                        return;
                    }
                    continue;
                }
                item = next.item;
            }
            BatchLedger.ClaimResult c;
            String token = UUID.randomUUID().toString();
            try {
                BatchFile.Item job = item;
                c = patiently(() -> ledger.claim(batch, job.id, token, worker, runId, host, leaseMs, runStart,
                        retryUnknown));
            } catch (RuntimeException e) {
                coordinatorLost(e);
                return;
            }
            switch (c.claim) {
                case CLAIMED:
                    held.put(item.id, token);
                    boolean sent = run.run(item);
                    if (!sent && held.remove(item.id) != null) {
                        try {
                            BatchFile.Item job = item;
                            patiently(() -> ledger.release(batch, job.id, token));
                        } catch (RuntimeException e) {
                            coordinatorLost(e); // the lease expires by itself; nothing was sent
                        }
                    }
                    break;
                case RUNNING:
                    later.add(new Later(item, Math.max(100, Math.min(1000, leaseMs / 3))));
                    break;
                case DONE:
                    stats.doneElsewhere.incrementAndGet();
                    break;
                case FAILED:
                    stats.failed.incrementAndGet();
                    break;
                case UNKNOWN:
                    stats.unknown(item.id);
                    String reason = c.state.path("reason").asText(c.state.path("error").path("message").asText(""));
                    ctx.err.println("outcome unknown " + item.id + " (worker " + c.state.path("worker").asText("?")
                            + (reason.isEmpty() ? "" : ": " + reason) + ")");
                    break;
                default:
                    throw new IllegalStateException("unexpected claim " + c.claim);
            }
        }
    }

    @Override
    public boolean beforeSending(String id, List<String> files) {
        String token = held.get(id);
        if (token == null || lost != null) {
            return false;
        }
        try {
            if (patiently(() -> ledger.markSending(batch, id, token, leaseMs, files, out.toString()))) {
                return true;
            }
            ctx.err.println("imagegen: the claim on " + id + " expired before its request was sent (was this "
                    + "worker paused longer than --lease?); not sent here");
            held.remove(id);
            return false;
        } catch (RuntimeException e) {
            coordinatorLost(e);
            return false;
        }
    }

    @Override
    public void recorded(String id, ObjectNode line) {
        String token = held.remove(id);
        if (token == null) {
            return;
        }
        ObjectNode outcome = line.deepCopy();
        outcome.remove("run");
        outcome.put("worker", worker);
        outcome.put("host", host);
        outcome.put("run", runId);
        outcome.put("out", out.toString());
        JsonNode files = line.path("files");
        outcome.put("images", files.isArray() ? files.size() : 0);
        if (files.isArray()) {
            List<String> names = new ArrayList<>();
            files.forEach(f -> names.add(f.asText()));
            outcome.put("files", String.join(",", names));
        }
        try {
            String r = patiently(() -> ledger.finish(batch, id, token, outcome));
            if (r.equals("duplicate")) {
                ctx.err.println("imagegen: " + id + " had been finished by another attempt too (sent twice: only "
                        + "possible after --retry-unknown)");
            }
        } catch (RuntimeException e) {
            unrecorded.add(id);
            coordinatorLost(e);
        }
    }

    /** Records what this machine's manifest knows about a job (finished here, or sent with an unknown outcome). */
    void reconcile(String id, String status, JsonNode local) {
        ObjectNode state = ResultPrinter.JSON.createObjectNode();
        state.put("status", status);
        state.put("worker", worker);
        state.put("host", host);
        state.put("run", local.path("run").asText(runId));
        state.put("out", out.toString());
        state.put("reconciled", true);
        JsonNode files = local.path("files");
        if (files.isArray()) {
            List<String> names = new ArrayList<>();
            files.forEach(f -> names.add(f.asText()));
            state.put("files", String.join(",", names));
            state.put("images", names.size());
        }
        if (local.has("reason")) {
            state.put("reason", local.path("reason").asText());
        }
        patiently(() -> ledger.reconcile(batch, id, state));
    }

    /** Why this worker stopped early (the coordinator failed), if it did. */
    java.util.Optional<String> lost() {
        return java.util.Optional.ofNullable(lost);
    }

    /** Outcomes that reached the local manifest but not the coordinator. */
    List<String> unrecorded() {
        synchronized (unrecorded) {
            return List.copyOf(unrecorded);
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    /** A job to look at again after a delay (another worker held it). */
    private static final class Later implements Delayed {
        final BatchFile.Item item;
        final long at;

        Later(BatchFile.Item item, long delayMs) {
            this.item = item;
            this.at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
