package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.internal.AtomicFileTarget;
import dev.imagegen4j.internal.FileNames;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imagegen batch FILE.jsonl --out DIR}: many images with bounded concurrency through the configured
 * generator or route (failover included). Each image is written atomically as {@code DIR/ID[-k].EXT};
 * {@code DIR/manifest.jsonl} records each job's intent before its request and its outcome after (see
 * {@link Manifest}). Before anything is sent: every line is checked, file names of different jobs must not
 * collide, the directory must be writable and hold no file the batch would write but did not create, and it is
 * locked against a second run ({@link BatchLock}). Re-running skips finished ids, recovers a job whose images
 * a killed run saved but did not record (only from the files its recorded intent named), retries failed jobs,
 * and reports jobs whose outcome is unknown without sending them again unless {@code --retry-unknown}.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, subcommands = BatchStatusCommand.class,
        description = {"Generate images for each line of a JSONL file ({\"id\": ..., \"prompt\": ..., options...}); "
                + "resumable.",
            "With --coordinator redis://host:port/db the same command on any number of machines shares the batch: "
                    + "each job runs once, on one of them; 'imagegen batch status --coordinator ...' shows progress."})
final class BatchCommand implements Callable<Integer> {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    @ParentCommand
    ImagegenCli parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.jsonl", description = "The jobs, one JSON object per line.")
    String file;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "DIR", description = "Output directory (created if missing). Required.")
    String out;

    @Mixin
    CoordinatorOptions coordinator = new CoordinatorOptions();

    @Option(names = "--worker", paramLabel = "NAME",
            description = "This worker's name on the coordinator. Default: host name and process id.")
    String worker;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "30s",
            description = "With --coordinator: how long a job stays claimed by a worker that stops renewing (killed, "
                    + "cut off) before other workers settle it. Renewed every third of it. Default 30s.")
    String lease;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Requests in flight at once (1-64). Default 4.")
    int concurrency;

    @Option(names = "--retry-unknown", description = "Send again the jobs whose outcome is unknown (an earlier run "
            + "was killed or interrupted mid-request, or the vendor's answer was lost): each may then be paid twice.")
    boolean retryUnknown;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    ImageOptions defaults = new ImageOptions();

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--dry-run", description = "Check every line against the generator and print the exact request(s) "
            + "each job would send (secrets masked) and the estimated cost; send nothing and write nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Context ctx = parent.ctx;
        Logging.configure(connection.verbose);
        if (file == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Missing required parameter: 'FILE.jsonl'");
        }
        if (out == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new InvalidRequestException("concurrency", "--concurrency " + concurrency
                    + ": must be between 1 and 64");
        }
        Path batchFile = ctx.cwd.resolve(file);
        List<BatchFile.Item> items = BatchFile.read(batchFile, defaults);
        BatchPlan.checkCollisions(items, batchFile.getFileName().toString());
        Path dir = ctx.cwd.resolve(out).toAbsolutePath().normalize();
        if (dryRun) {
            return dryRun(ctx, items, batchFile, dir);
        }
        prepareDirectory(dir, items);

        String runId = ZonedDateTime.now(ZoneOffset.UTC).format(RUN_ID) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        BatchStats stats = new BatchStats(items.size());
        if (coordinator.url != null) {
            return coordinated(ctx, items, batchFile, dir, runId, stats);
        }
        if (worker != null || coordinator.batchId != null) {
            throw new InvalidRequestException("coordinator", (worker != null ? "--worker" : "--batch-id")
                    + " names this worker or batch on a coordinator: give --coordinator redis://host:port/db too");
        }
        try (BatchLock lock = BatchLock.acquire(dir, runId, host(ctx)); Manifest manifest = Manifest.open(dir)) {
            lock.stale().ifPresent(s -> ctx.err.println("imagegen: the previous run on " + dir + " (" + s
                    + ") ended without finishing; going on from its manifest"));
            manifest.repaired().ifPresent(s -> ctx.err.println("imagegen: " + s));
            removeOwnTempFiles(dir, items);
            List<BatchFile.Item> resume = new ArrayList<>();
            List<BatchFile.Item> todo = classify(items, dir, manifest, runId, stats, (id, status) -> { }, resume);
            BatchPlan.checkForeignFiles(todo, dir, manifest);
            try (GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
                if (choice.notice != null) {
                    ctx.err.println(choice.notice);
                }
                refusePlaceholders(items, manifest, choice, dir);
                BatchPlan.checkAgainst(choice.generator, todo, batchFile.getFileName().toString());
                emulated = choice.isEmulator();
                BatchProgress progress = new BatchProgress(ctx, todo.size() + resume.size(), stats);
                BatchRun run = new BatchRun(dir, manifest, runId, choice, stats, progress, ctx);
                try (Interruption interruption = Interruption.install(run::interrupted)) {
                    List<Runnable> work = new ArrayList<>();
                    for (BatchFile.Item item : resume) {
                        JsonNode jobLine = manifest.job(item.id).orElseThrow();
                        work.add(() -> run.resume(item, jobLine));
                    }
                    todo.forEach(item -> work.add(() -> run.run(item)));
                    runAll(work);
                } finally {
                    progress.finish();
                }
            }
        }
        summary(ctx, stats, dir);
        return stats.exitCode();
    }

    /** {@code --dry-run}: every line checked against the generator and shown as it would be sent. */
    private int dryRun(Context ctx, List<BatchFile.Item> items, Path batchFile, Path dir) {
        try (GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
            if (choice.notice != null) {
                ctx.err.println(choice.notice);
            }
            BatchPlan.checkAgainst(choice.generator, items, batchFile.getFileName().toString());
            List<DryRunPrinter.Job> jobs = new ArrayList<>();
            for (BatchFile.Item item : items) {
                jobs.add(new DryRunPrinter.Job(item.id, item.request, choice.generator.dryRun(item.request),
                        dir.resolve(BatchPlan.names(item).get(0))));
            }
            DryRunPrinter.print(ctx, choice, jobs, json);
            return ExitCodes.OK;
        }
    }

    /** Creates the directory and checks that files can be created in it, before anything is sent. */
    private static void prepareDirectory(Path dir, List<BatchFile.Item> items) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputRefusedException("cannot create the output directory " + dir + ": "
                    + OutputPaths.describe(e) + ". Nothing was sent.");
        }
        Path longest = dir.resolve(BatchPlan.names(items.get(0)).get(0));
        for (BatchFile.Item item : items) {
            for (String name : BatchPlan.names(item)) {
                if (name.length() > longest.getFileName().toString().length()) {
                    longest = dir.resolve(name);
                }
            }
        }
        try {
            AtomicFileTarget.probe(longest);
        } catch (IOException e) {
            throw new OutputRefusedException("cannot write in " + dir + ": creating a file there failed ("
                    + OutputPaths.describe(e) + "). Nothing was sent.");
        }
    }

    /**
     * Sorts the jobs by their recorded state: finished (skipped), recoverable from the files their intent named,
     * unknown outcome (skipped unless --retry-unknown), or to send (new, failed, or unknown with the flag).
     */
    private List<BatchFile.Item> classify(List<BatchFile.Item> items, Path dir, Manifest manifest, String runId,
            BatchStats stats, java.util.function.BiConsumer<String, String> settledHere, List<BatchFile.Item> resume)
            throws IOException {
        List<BatchFile.Item> todo = new ArrayList<>();
        for (BatchFile.Item item : items) {
            Optional<String> status = manifest.status(item.id);
            if (status.filter(Manifest.OK::equals).isPresent()) {
                stats.skipped.incrementAndGet();
                settledHere.accept(item.id, Manifest.OK);
                continue;
            }
            if (BatchRun.recover(item.id, dir, manifest, runId)) {
                stats.recovered.incrementAndGet();
                settledHere.accept(item.id, Manifest.OK);
                continue;
            }
            // a remote job of the latest attempt still runs (or ran) at the vendor: poll it, never pay again
            if (manifest.job(item.id).isPresent() && (status.filter(Manifest.JOB::equals).isPresent()
                    || (status.filter(Manifest.UNKNOWN::equals).isPresent() && !retryUnknown))) {
                resume.add(item);
                continue;
            }
            if (status.filter(Manifest.SENDING::equals).isPresent()) {
                ObjectNode line = ResultPrinter.JSON.createObjectNode();
                line.put("id", item.id);
                line.put("status", Manifest.UNKNOWN);
                line.put("run", runId);
                Optional<JsonNode> intent = manifest.intent(item.id);
                line.put("reason", "run " + intent.map(i -> i.path("run").asText("?")).orElse("?")
                        + " ended while the request was in flight (killed?): it may have been generated and paid for");
                ArrayNode saved = ResultPrinter.JSON.createArrayNode();
                intent.ifPresent(i -> i.path("files").forEach(f -> {
                    if (Files.isRegularFile(dir.resolve(f.asText()))) {
                        saved.add(f.asText()); // some of its images reached the disk: they stay, never replaced
                    }
                }));
                if (!saved.isEmpty()) {
                    line.set("files", saved);
                }
                manifest.append(line);
                status = Optional.of(Manifest.UNKNOWN);
            }
            if (status.filter(Manifest.UNKNOWN::equals).isPresent() && !retryUnknown) {
                stats.unknown(item.id);
                settledHere.accept(item.id, Manifest.UNKNOWN);
                continue;
            }
            todo.add(item);
        }
        return todo;
    }

    private void runAll(List<Runnable> work) throws Exception {
        List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
        for (Runnable w : work) {
            tasks.add(() -> {
                w.run();
                return null;
            });
        }
        runAll(tasks, concurrency);
    }

    /**
     * Runs {@code tasks} on {@code threads} daemon threads named {@code imagegen-batch} and waits for all; the first
     * failure is rethrown as itself (not wrapped), and the threads are stopped whatever happens.
     */
    static void runAll(List<? extends java.util.concurrent.Callable<?>> tasks, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "imagegen-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (java.util.concurrent.Callable<?> task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The batch shared through a coordinator: this machine's directory is locked and has its own manifest as on one
     * machine; which job runs where, and what was sent, is decided in Redis ({@link CoordinatedBatch}).
     */
    private int coordinated(Context ctx, List<BatchFile.Item> items, Path batchFile, Path dir, String runId,
            BatchStats stats) throws Exception {
        String host = host(ctx);
        String me = worker != null ? CoordinatorOptions.checkName("--worker", worker)
                : (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "-");
        java.time.Duration leaseTime = leaseDuration();
        String batchId = coordinator.batchId != null ? coordinator.batchIdChecked() : batchId(items);
        String fileName = batchFile.getFileName().toString();
        try (BatchLedger ledger = BatchLedger.connect(coordinator.endpoint(ctx));
                BatchLock lock = BatchLock.acquire(dir, runId, host); Manifest manifest = Manifest.open(dir)) {
            if (coordinator.batchId == null) {
                checkNotAnEditedBatch(ledger, fileName, batchId);
            }
            ledger.register(batchId, fileName, items.size(), me);
            ctx.err.println("imagegen: batch " + batchId + " on " + ledger.describe() + " as worker " + me
                    + "; images go to " + dir);
            lock.stale().ifPresent(s -> ctx.err.println("imagegen: the previous run on " + dir + " (" + s
                    + ") ended without finishing; going on from its manifest"));
            lock.staleRun().ifPresent(run -> ledger.deadRun(batchId, run, "run " + run + " on " + host + " (" + dir
                    + ") was killed while the request was in flight: it may have been generated and paid for"));
            manifest.repaired().ifPresent(s -> ctx.err.println("imagegen: " + s));
            removeOwnTempFiles(dir, items);
            try (CoordinatedBatch shared = new CoordinatedBatch(ledger, batchId, me, host, runId, dir, leaseTime,
                    retryUnknown, stats, ctx)) {
                List<BatchFile.Item> resume = new ArrayList<>();
                List<BatchFile.Item> todo = classify(items, dir, manifest, runId, stats, (id, status) ->
                        shared.reconcile(id, status, manifest.latest(id).orElse(ResultPrinter.JSON.createObjectNode())),
                        resume);
                BatchPlan.checkForeignFiles(todo, dir, manifest);
                try (GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
                    if (choice.notice != null) {
                        ctx.err.println(choice.notice);
                    }
                    refusePlaceholders(items, manifest, choice, dir);
                    BatchPlan.checkAgainst(choice.generator, todo, batchFile.getFileName().toString());
                    emulated = choice.isEmulator();
                    BatchProgress progress = new BatchProgress(ctx, todo.size() + resume.size(), stats);
                    BatchRun run = new BatchRun(dir, manifest, runId, choice, stats, progress, ctx, shared);
                    try (Interruption interruption = Interruption.install(run::interrupted)) {
                        // remote jobs this machine submitted in a killed run: polled here (never submitted again),
                        // then their outcome is told to the coordinator, before claiming new work
                        List<Runnable> resumes = new ArrayList<>();
                        for (BatchFile.Item item : resume) {
                            JsonNode jobLine = manifest.job(item.id).orElseThrow();
                            resumes.add(() -> {
                                run.resume(item, jobLine);
                                manifest.status(item.id).filter(st -> !st.equals(Manifest.JOB))
                                        .ifPresent(status -> shared.reconcile(item.id, status,
                                        manifest.latest(item.id).orElse(ResultPrinter.JSON.createObjectNode())));
                            });
                        }
                        runAll(resumes);
                        shared.runAll(todo, run, concurrency);
                    } finally {
                        progress.finish();
                    }
                }
                summary(ctx, stats, dir);
                if (shared.lost().isPresent()) {
                    List<String> unrecorded = shared.unrecorded();
                    throw new BatchLedger.CoordinatorException(shared.lost().get() + "; this worker stopped"
                            + (unrecorded.isEmpty() ? "" : "; the outcomes of " + String.join(", ", unrecorded)
                                    + " are only in " + dir.resolve(Manifest.FILE))
                            + ". Re-run the same command when the coordinator is back: it records them and goes on",
                            null);
                }
            }
        }
        return stats.exitCode();
    }

    private java.time.Duration leaseDuration() {
        java.time.Duration d;
        try {
            d = dev.imagegen4j.spi.ProviderSettings.of(java.util.Map.of("lease", lease)).duration("lease",
                    java.time.Duration.ZERO);
        } catch (IllegalArgumentException e) {
            d = java.time.Duration.ZERO;
        }
        if (d.compareTo(java.time.Duration.ofSeconds(1)) < 0 || d.compareTo(java.time.Duration.ofHours(1)) > 0) {
            throw new InvalidRequestException("lease", "--lease " + lease + ": must be a duration from 1s to 1h, "
                    + "e.g. 30s");
        }
        return d;
    }

    /**
     * Refuses to start a new batch from a jobs file whose name an unfinished batch on the coordinator already has
     * (the file or the options were changed): the new batch would send again what the old one finished elsewhere.
     */
    private static void checkNotAnEditedBatch(BatchLedger ledger, String fileName, String batchId) {
        Optional<String> latest = ledger.latestOfFile(fileName);
        if (latest.isEmpty() || latest.get().equals(batchId)) {
            return;
        }
        java.util.Map<String, String> meta = ledger.meta(latest.get());
        int jobs = Integer.parseInt(meta.getOrDefault("jobs", "0"));
        long done = ledger.jobs(latest.get()).values().stream().filter(s -> s.path("status").asText().equals("ok"))
                .count();
        if (done < jobs) {
            throw new InvalidRequestException("batch-id", "the coordinator " + ledger.describe() + " has an "
                    + "unfinished batch " + latest.get() + " from a file named " + fileName + " (" + done + " of " + jobs
                    + " done), but these jobs or options differ from it (batch " + batchId + "). Nothing was sent. "
                    + "Use the same file and options on every machine; to go on with that batch after editing the "
                    + "file, add --batch-id " + latest.get() + " (finished ids are skipped); to start a separate "
                    + "batch, add --batch-id NEW-NAME");
        }
    }

    /**
     * The batch's name on a coordinator, from every job's effective request (the file's lines and the command's
     * options): the same file and options name the same batch on every machine.
     */
    static String batchId(List<BatchFile.Item> items) {
        java.util.List<String> lines = new ArrayList<>();
        for (BatchFile.Item item : items) {
            dev.imagegen4j.ImageRequest r = item.request;
            lines.add(item.id + "\u0000" + r.prompt().orElse("") + "\u0000" + r + "\u0000"
                    + new java.util.TreeMap<>(r.params()) + "\u0000" + r.safetyIdentifier().orElse("") + "\u0000"
                    + r.user().orElse(""));
        }
        java.util.Collections.sort(lines);
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String l : lines) {
                sha.update(l.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deletes temporary files a killed run of this batch left: only those of this batch's file names (the
     * directory is locked, so no other batch is writing them).
     */
    private static void removeOwnTempFiles(Path dir, List<BatchFile.Item> items) throws IOException {
        Set<String> stems = new HashSet<>();
        for (BatchFile.Item item : items) {
            for (String name : BatchPlan.names(item)) {
                stems.add(FileNames.stem(name).toLowerCase(Locale.ROOT));
            }
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, ".*.part")) {
            for (Path p : stream) {
                Optional<String> target = AtomicFileTarget.targetOfTemporary(p.getFileName().toString());
                if (target.isPresent() && stems.contains(FileNames.stem(target.get()).replaceFirst(" \\(\\d+\\)$", "")
                        .toLowerCase(Locale.ROOT))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String host(Context ctx) {
        for (String var : List.of("HOSTNAME", "COMPUTERNAME")) {
            String v = ctx.env.get(var);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /**
     * A run against a real vendor on a directory where the built-in emulator did jobs (no key was set the first
     * time): their placeholder images would count as done and never be generated for real. Refused before anything
     * is sent, naming the jobs and what to do.
     */
    static void refusePlaceholders(List<BatchFile.Item> items, Manifest manifest, GeneratorChoice choice, Path dir) {
        if (choice.isEmulator()) {
            return;
        }
        List<String> placeholders = new ArrayList<>();
        for (BatchFile.Item item : items) {
            boolean emulated = manifest.latest(item.id).map(n -> n.path("emulator").asBoolean(false)).orElse(false)
                    || manifest.intent(item.id).map(n -> n.path("emulator").asBoolean(false)).orElse(false);
            if (emulated) {
                placeholders.add(item.id);
            }
        }
        if (!placeholders.isEmpty()) {
            throw new OutputRefusedException(dir + " holds " + placeholders.size() + " job(s) done by the built-in "
                    + "emulator (placeholder images: " + String.join(", ", placeholders.subList(0,
                    Math.min(10, placeholders.size()))) + (placeholders.size() > 10 ? ", ..." : "") + "); with "
                    + choice.description + " they would count as done and never be generated. Use another --out "
                    + "directory, or remove " + dir + " to generate them for real; nothing was sent");
        }
    }

    /** Whether this run's generator was the built-in emulator (the summary then labels its cost). */
    private boolean emulated;

    private void summary(Context ctx, BatchStats s, Path dir) {
        List<String> unknown = s.unknownIds();
        if (json) {
            ObjectNode o = ResultPrinter.JSON.createObjectNode();
            o.put("jobs", s.total);
            o.put("done", s.done.get());
            o.put("skipped", s.skipped.get());
            o.put("recovered", s.recovered.get());
            o.put("doneElsewhere", s.doneElsewhere.get());
            o.put("resumed", s.resumed.get());
            o.put("failed", s.failed.get());
            o.put("unknown", unknown.size());
            ArrayNode ids = o.putArray("unknownIds");
            unknown.forEach(ids::add);
            o.put("images", s.images.get());
            o.put("tokens", s.tokens.get());
            o.put("estimatedCostUsd", s.cost());
            ArrayNode w = o.putArray("warnings");
            for (String[] pair : s.warnings()) {
                w.addObject().put("id", pair[0]).put("warning", pair[1]);
            }
            o.put("exitCode", s.exitCode());
            ctx.out.println(o);
            return;
        }
        ctx.out.println(String.format(Locale.ROOT,
                "batch: %d done, %d already done, %d recovered, %d failed, %d unknown; %d images, %,d tokens, ~%s USD%s",
                s.done.get(), s.skipped.get(), s.recovered.get(), s.failed.get(), unknown.size(), s.images.get(),
                s.tokens.get(), s.cost().toPlainString(), emulated && s.images.get() > 0
                        ? " at the real vendor's list prices (the emulator charges nothing)" : ""));
        if (s.doneElsewhere.get() > 0) {
            ctx.out.println("  " + s.doneElsewhere.get() + " job(s) were done by other workers (see imagegen batch "
                    + "status --coordinator ...)");
        }
        if (s.resumed.get() > 0) {
            ctx.out.println("  " + s.resumed.get() + " job(s) finished by polling the remote job an earlier run had "
                    + "submitted (not sent again)");
        }
        if (!unknown.isEmpty()) {
            ctx.out.println("outcome unknown (may have been generated and paid for; not sent again): "
                    + String.join(", ", unknown.subList(0, Math.min(20, unknown.size())))
                    + (unknown.size() > 20 ? ", ..." : "") + ". Check the vendor's usage, then re-run with "
                    + "--retry-unknown to send them again");
        }
        if (s.failed.get() > 0) {
            ctx.out.println("re-run the same command to retry the failed jobs; see " + dir.resolve(Manifest.FILE)
                    + " for errors");
        }
    }
}
