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
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Generate images for each line of a JSONL file ({\"id\": ..., \"prompt\": ..., options...}); "
                + "resumable.")
final class BatchCommand implements Callable<Integer> {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    @ParentCommand
    ImagegenCli parent;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "The jobs, one JSON object per line.")
    String file;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory (created if missing).")
    String out;

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

    @Override
    public Integer call() throws Exception {
        Context ctx = parent.ctx;
        Logging.configure(connection.verbose);
        if (concurrency < 1 || concurrency > 64) {
            throw new InvalidRequestException("concurrency", "--concurrency " + concurrency
                    + ": must be between 1 and 64");
        }
        Path batchFile = ctx.cwd.resolve(file);
        List<BatchFile.Item> items = BatchFile.read(batchFile, defaults);
        BatchPlan.checkCollisions(items, batchFile.getFileName().toString());
        Path dir = ctx.cwd.resolve(out).toAbsolutePath().normalize();
        prepareDirectory(dir, items);

        String runId = ZonedDateTime.now(ZoneOffset.UTC).format(RUN_ID) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        BatchStats stats = new BatchStats(items.size());
        try (BatchLock lock = BatchLock.acquire(dir, runId, host(ctx)); Manifest manifest = Manifest.open(dir)) {
            lock.stale().ifPresent(s -> ctx.err.println("imagegen: the previous run on " + dir + " (" + s
                    + ") ended without finishing; going on from its manifest"));
            manifest.repaired().ifPresent(s -> ctx.err.println("imagegen: " + s));
            removeOwnTempFiles(dir, items);
            List<BatchFile.Item> resume = new ArrayList<>();
            List<BatchFile.Item> todo = classify(items, dir, manifest, runId, stats, resume);
            BatchPlan.checkForeignFiles(todo, dir, manifest);
            try (GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
                if (choice.notice != null) {
                    ctx.err.println(choice.notice);
                }
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
            BatchStats stats, List<BatchFile.Item> resume) throws IOException {
        List<BatchFile.Item> todo = new ArrayList<>();
        for (BatchFile.Item item : items) {
            Optional<String> status = manifest.status(item.id);
            if (status.filter(Manifest.OK::equals).isPresent()) {
                stats.skipped.incrementAndGet();
                continue;
            }
            if (BatchRun.recover(item.id, dir, manifest, runId)) {
                stats.recovered.incrementAndGet();
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
                continue;
            }
            todo.add(item);
        }
        return todo;
    }

    private void runAll(List<Runnable> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "imagegen-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable w : work) {
                futures.add(pool.submit(w));
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

    private void summary(Context ctx, BatchStats s, Path dir) {
        List<String> unknown = s.unknownIds();
        if (json) {
            ObjectNode o = ResultPrinter.JSON.createObjectNode();
            o.put("jobs", s.total);
            o.put("done", s.done.get());
            o.put("skipped", s.skipped.get());
            o.put("recovered", s.recovered.get());
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
                "batch: %d done, %d already done, %d recovered, %d failed, %d unknown; %d images, %,d tokens, ~%s USD",
                s.done.get(), s.skipped.get(), s.recovered.get(), s.failed.get(), unknown.size(), s.images.get(),
                s.tokens.get(), s.cost().toPlainString()));
        if (s.resumed.get() > 0) {
            ctx.out.println(s.resumed.get() + " job(s) finished by polling the remote job an earlier run had submitted "
                    + "(not sent again)");
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
