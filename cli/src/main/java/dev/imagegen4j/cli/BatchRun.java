package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.Cost;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.PriceTable;
import dev.imagegen4j.internal.AtomicFileTarget;
import dev.imagegen4j.internal.FileNames;
import dev.imagegen4j.quota.QuotaWaitException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One run of a batch over a locked output directory: records each job's intent ({@code sending}, with the free
 * file names it will write) before its request, writes its images without replacing any file, and records its
 * outcome. Knows which requests are in flight, for Ctrl-C. Thread-safe: jobs run concurrently.
 */
final class BatchRun {

    private final Path dir;
    private final Manifest manifest;
    private final String runId;
    private final GeneratorChoice choice;
    private final BatchStats stats;
    private final BatchProgress progress;
    private final Context ctx;
    private final Hooks hooks;
    private final Set<String> inFlight = new ConcurrentSkipListSet<>();
    private final BatchJobs jobs = new BatchJobs();
    private final Object interruptLock = new Object();
    private boolean stopping;

    /** What a coordinated batch does around each job ({@link #NONE} on one machine). */
    interface Hooks {
        /** Nothing. */
        Hooks NONE = new Hooks() {
            @Override
            public boolean beforeSending(String id, List<String> files) {
                return true;
            }

            @Override
            public void recorded(String id, ObjectNode line) {
            }
        };

        /** Just before the job's intent is recorded and its request sent: false if it must not be sent. */
        boolean beforeSending(String id, List<String> files);

        /** After the job's outcome line was appended to the manifest. Must not throw. */
        void recorded(String id, ObjectNode line);
    }

    BatchRun(Path dir, Manifest manifest, String runId, GeneratorChoice choice, BatchStats stats,
            BatchProgress progress, Context ctx) {
        this(dir, manifest, runId, choice, stats, progress, ctx, Hooks.NONE);
    }

    BatchRun(Path dir, Manifest manifest, String runId, GeneratorChoice choice, BatchStats stats,
            BatchProgress progress, Context ctx, Hooks hooks) {
        this.hooks = hooks;
        this.dir = dir;
        this.manifest = manifest;
        this.runId = runId;
        this.choice = choice;
        this.stats = stats;
        this.progress = progress;
        this.ctx = ctx;
    }

    /** Runs one job: intent, request, images, outcome. Returns false when it was not sent (stopping, or not allowed). */
    boolean run(BatchFile.Item item) {
        List<String> names = freeNames(item);
        ObjectNode intent = line(item.id, Manifest.SENDING);
        names.forEach(intent.putArray("files")::add);
        intent.put("at", Instant.now().toString());
        synchronized (interruptLock) {
            // either the Ctrl-C hook sees this job in flight with its intent recorded, or the job never starts
            if (stopping || !hooks.beforeSending(item.id, names)) {
                return false;
            }
            append(intent);
            inFlight.add(item.id);
        }
        call(item, names, request -> choice.generator.generate(request, jobs.recorder(item.id, runId, this::append)),
                false);
        return true;
    }

    /** Sends (or resumes) {@code item} with its images going to {@code names}; records the outcome. */
    private void call(BatchFile.Item item, List<String> names,
            java.util.function.Function<ImageRequest, ImageResult> send, boolean resumed) {
        List<Path> committed = new CopyOnWriteArrayList<>();
        try {
            ImageRequest request = item.request.toBuilder().sink(sink(names, item.id, committed)).build();
            ImageResult r = resumed ? send.apply(request) : generatePatiently(item, request, send);
            if (resumed) {
                stats.resumed.incrementAndGet();
            }
            recordResult(item, r);
        } catch (RuntimeException e) {
            // Anything but a definite failure may have been generated and paid for: unknown, not retried.
            boolean definite = e instanceof ImageGenerationException && ExitCodes.of(e) != ExitCodes.UNKNOWN_OUTCOME;
            recordError(item, definite ? Manifest.FAILED : Manifest.UNKNOWN, e, committed);
        } finally {
            inFlight.remove(item.id);
            jobs.done(item.id);
        }
    }

    /**
     * Generates, waiting out a shared quota's refusal: a {@link QuotaWaitException} means nothing was sent (the
     * quota was busier than its max-wait), so a batch job waits the quota's delay and asks again rather than fail.
     */
    private ImageResult generatePatiently(BatchFile.Item item, ImageRequest request,
            java.util.function.Function<ImageRequest, ImageResult> send) {
        while (true) {
            try {
                return send.apply(request);
            } catch (QuotaWaitException busy) {
                synchronized (interruptLock) {
                    if (stopping) {
                        throw busy;
                    }
                }
                long ms = Math.max(100, Math.min(60_000, busy.retryAfter().map(java.time.Duration::toMillis)
                        .orElse(1000L)));
                progress.message("waiting " + (ms / 1000) + " s for quota '" + busy.quota() + "' before " + item.id);
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    /**
     * Goes on with the remote job an earlier run recorded for {@code item} ({@code jobLine}): polls it and saves its
     * output to the files the earlier attempt's intent named. Never submits. A job the chosen generator cannot reach
     * (another provider) is recorded as unknown.
     */
    void resume(BatchFile.Item item, JsonNode jobLine) {
        dev.imagegen4j.JobHandle job;
        try {
            job = BatchJobs.handle(jobLine);
        } catch (IllegalArgumentException e) {
            recordError(item, Manifest.UNKNOWN, new IllegalStateException("the job line of " + item.id + " in "
                    + Manifest.FILE + " is damaged (" + e.getMessage() + ")"), List.of());
            return;
        }
        Optional<dev.imagegen4j.AsyncJobGenerator> resumer = BatchJobs.resumer(choice.generator, job);
        if (resumer.isEmpty()) {
            recordError(item, Manifest.UNKNOWN, new IllegalStateException(job + " cannot be resumed: the chosen "
                    + "generator does not run " + job.providerId() + " jobs (use the configuration the batch was sent "
                    + "with)"), List.of());
            return;
        }
        List<String> names = manifest.intent(item.id).map(i -> {
            List<String> planned = new ArrayList<>();
            i.path("files").forEach(f -> planned.add(f.asText()));
            return planned;
        }).filter(l -> !l.isEmpty()).orElseGet(() -> freeNames(item));
        synchronized (interruptLock) {
            if (stopping) {
                return;
            }
            inFlight.add(item.id);
        }
        jobs.resuming(item.id, job);
        call(item, names, request -> resumer.get().resume(job, request, ImageListener.NONE), true);
    }

    /** The planned names, each replaced by its first free copy name ({@code id (2).png}) if the file exists. */
    private List<String> freeNames(BatchFile.Item item) {
        List<String> names = new ArrayList<>();
        for (String planned : BatchPlan.names(item)) {
            Path p = dir.resolve(planned);
            for (int k = 2; Files.exists(p); k++) {
                p = FileNames.copy(dir.resolve(planned), k);
            }
            names.add(p.getFileName().toString());
        }
        return names;
    }

    private ImageSink sink(List<String> names, String id, List<Path> committed) {
        return (index, format) -> {
            String planned = index < names.size() ? names.get(index)
                    : FileNames.indexed(id, index) + "." + format.extension();
            String name = FileNames.extension(planned).equals(format.extension()) ? planned
                    : FileNames.stem(planned) + "." + format.extension();
            Path f = inside(name);
            return new RecordingTarget(AtomicFileTarget.creating(f, k -> FileNames.copy(f, k)), committed);
        };
    }

    private Path inside(String name) {
        try {
            return FileNames.inside(dir, name);
        } catch (IllegalArgumentException e) {
            throw new OutputRefusedException(e.getMessage());
        }
    }

    private void recordResult(BatchFile.Item item, ImageResult r) {
        ObjectNode line = line(item.id, Manifest.OK);
        ArrayNode files = line.putArray("files");
        for (GeneratedImage i : r.images()) {
            files.add(i.file().map(p -> dir.relativize(p.toAbsolutePath()).toString()).orElse(null));
        }
        line.put("provider", r.providerId());
        line.put("model", r.model().value());
        line.put("wireModel", r.wireModel());
        line.put("requestId", r.requestId().orElse(null));
        Object jobId = r.providerMetadata().get("job-id");
        if (jobId != null) {
            line.put("jobId", jobId.toString());
        }
        r.usage().ifPresent(u -> ResultPrinter.usage(line.putObject("usage"), u));
        Optional<Cost> cost = r.cost().or(() -> r.usage().flatMap(u -> PriceTable.builtIn().estimate(r.model(), u)));
        cost.ifPresent(c -> {
            ObjectNode co = line.putObject("cost");
            co.put("amount", c.amount());
            co.put("currency", c.currency());
            co.put("estimated", c.isEstimated());
        });
        if (!r.warnings().isEmpty()) {
            ArrayNode w = line.putArray("warnings");
            r.warnings().forEach(w::add);
        }
        append(line);
        hooks.recorded(item.id, line);
        stats.done.incrementAndGet();
        stats.images.addAndGet(r.images().size());
        r.usage().ifPresent(u -> stats.tokens.addAndGet(u.totalTokens()));
        cost.ifPresent(stats::addCost);
        for (String w : r.warnings()) {
            stats.warning(item.id, w);
            progress.message("warning: " + item.id + ": " + w);
        }
        progress.finished(item.id, Manifest.OK, null);
    }

    private void recordError(BatchFile.Item item, String status, Exception e, List<Path> committed) {
        ObjectNode line = line(item.id, status);
        ObjectNode err = line.putObject("error");
        err.put("type", e.getClass().getSimpleName());
        err.put("message", e.getMessage());
        if (e instanceof ImageGenerationException) {
            ((ImageGenerationException) e).requestId().ifPresent(id -> err.put("requestId", id));
        }
        if (!committed.isEmpty()) {
            ArrayNode files = line.putArray("files");
            committed.forEach(p -> files.add(dir.relativize(p.toAbsolutePath()).toString()));
        }
        append(line);
        hooks.recorded(item.id, line);
        if (status.equals(Manifest.UNKNOWN)) {
            stats.unknown(item.id);
        } else {
            stats.failed.incrementAndGet();
        }
        progress.finished(item.id, status, e.getMessage());
    }

    /**
     * Ctrl-C or SIGTERM: no new job starts; each request in flight is recorded as {@code unknown} (unless its
     * outcome was recorded meanwhile) and named on stderr.
     */
    void interrupted() {
        Set<String> ids;
        synchronized (interruptLock) {
            stopping = true;
            ids = new TreeSet<>(inFlight);
        }
        progress.clear();
        List<String> cancelled = new ArrayList<>();
        for (String id : ids) {
            ObjectNode line = line(id, Manifest.UNKNOWN);
            Optional<String> job = jobs.cancel(id, choice.generator);
            job.ifPresent(cancelled::add);
            line.put("reason", "interrupted while the request was in flight" + job.map(j -> "; " + j).orElse(""));
            try {
                if (manifest.appendIfPending(id, line)) {
                    hooks.recorded(id, line);
                }
            } catch (IOException e) {
                ctx.err.println("imagegen: could not record " + id + " in " + Manifest.FILE + ": " + e.getMessage());
            }
        }
        if (ids.isEmpty()) {
            ctx.err.println("imagegen: interrupted; no request was in flight. Re-run the same command to go on.");
        } else {
            ctx.err.println("imagegen: interrupted with " + ids.size() + " request(s) in flight: " + String.join(", ",
                    ids) + ". They may still be generated and billed, and are recorded as unknown in "
                    + dir.resolve(Manifest.FILE) + ". Re-running the same command goes on with the other jobs and "
                    + "sends these again only with --retry-unknown.");
            if (!cancelled.isEmpty()) {
                ctx.err.println("imagegen: remote jobs: " + String.join(", ", cancelled) + ". A re-run polls them "
                        + "(and saves an image that was finished before the cancel arrived) instead of paying again.");
            }
        }
        ctx.err.flush();
    }

    private ObjectNode line(String id, String status) {
        ObjectNode line = ResultPrinter.JSON.createObjectNode();
        line.put("id", id);
        line.put("status", status);
        line.put("run", runId);
        if (choice.isEmulator()) {
            line.put("emulator", true); // placeholders: a run against a real vendor must not count them as done
        }
        return line;
    }

    private void append(ObjectNode line) {
        try {
            manifest.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest in " + dir, e);
        }
    }

    /**
     * Recovers {@code id} from the files its latest intent named, if every one exists: they were free names when
     * the intent was written, so this batch wrote them. Records an {@code ok} line marked {@code recovered}.
     */
    static boolean recover(String id, Path dir, Manifest manifest, String runId) throws IOException {
        Optional<JsonNode> intent = manifest.intent(id);
        if (intent.isEmpty() || !intent.get().path("files").isArray() || intent.get().path("files").isEmpty()) {
            return false;
        }
        ArrayNode files = ResultPrinter.JSON.createArrayNode();
        for (JsonNode f : intent.get().path("files")) {
            Path p = dir.resolve(f.asText()).normalize();
            if (!dir.equals(p.getParent()) || !Files.isRegularFile(p) || Files.size(p) == 0) {
                return false;
            }
            files.add(f.asText());
        }
        ObjectNode line = ResultPrinter.JSON.createObjectNode();
        line.put("id", id);
        line.put("status", Manifest.OK);
        line.put("run", runId);
        line.set("files", files);
        line.put("recovered", true);
        line.put("fromRun", intent.get().path("run").asText(null));
        manifest.append(line);
        return true;
    }

    /** Records the files a target commits (a job's paid images, even when the job fails later). */
    private static final class RecordingTarget implements ImageSink.Target {
        private final AtomicFileTarget target;
        private final List<Path> committed;

        RecordingTarget(AtomicFileTarget target, List<Path> committed) {
            this.target = target;
            this.committed = committed;
        }

        @Override
        public OutputStream stream() {
            return target.stream();
        }

        @Override
        public Optional<Path> commit() throws IOException {
            Optional<Path> p = target.commit();
            p.ifPresent(committed::add);
            return p;
        }

        @Override
        public void abort() {
            target.abort();
        }
    }
}
