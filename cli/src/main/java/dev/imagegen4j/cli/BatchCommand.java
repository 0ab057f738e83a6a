package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.Cost;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.PriceTable;
import dev.imagegen4j.internal.AtomicFileTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imagegen batch FILE.jsonl --out DIR}: many images with bounded concurrency through the configured
 * generator or route (failover included). Each image is written atomically as {@code DIR/ID[-k].EXT};
 * {@code DIR/manifest.jsonl} records each finished job. Re-running skips finished ids (from the manifest,
 * or complete image files a killed run left before recording them), so an interrupted batch resumes
 * without paying again for what is done.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Generate images for each line of a JSONL file ({\"id\": ..., \"prompt\": ..., options...}); "
                + "resumable.")
final class BatchCommand implements Callable<Integer> {

    private static final List<String> EXTENSIONS = List.of("png", "jpg", "webp");

    @ParentCommand
    ImagegenCli parent;

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "The jobs, one JSON object per line.")
    String file;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory (created if missing).")
    String out;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Requests in flight at once (1-64). Default 4.")
    int concurrency;

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
            throw new dev.imagegen4j.InvalidRequestException("concurrency", "--concurrency " + concurrency
                    + ": must be between 1 and 64");
        }
        List<BatchFile.Item> items = BatchFile.read(ctx.cwd.resolve(file), defaults);
        Path dir = ctx.cwd.resolve(out).normalize();
        Files.createDirectories(dir);
        removeStaleTempFiles(dir);

        Stats stats = new Stats(items.size());
        try (Manifest manifest = Manifest.open(dir); GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
            if (choice.notice != null) {
                ctx.err.println(choice.notice);
            }
            List<BatchFile.Item> todo = new ArrayList<>();
            for (BatchFile.Item item : items) {
                if (manifest.done(item.id)) {
                    stats.skipped.incrementAndGet();
                } else if (recovered(item, dir, manifest)) {
                    stats.recovered.incrementAndGet();
                } else {
                    todo.add(item);
                }
            }
            BatchProgress progress = new BatchProgress(ctx, todo.size(), stats);
            ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
                Thread t = new Thread(r, "imagegen-batch");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (BatchFile.Item item : todo) {
                    futures.add(pool.submit(() -> run(item, dir, manifest, choice, stats, progress)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
                progress.finish();
            }
        }
        summary(ctx, stats);
        return stats.failed.get() == 0 ? ExitCodes.OK : ExitCodes.BATCH_FAILURES;
    }

    private void run(BatchFile.Item item, Path dir, Manifest manifest, GeneratorChoice choice, Stats stats,
            BatchProgress progress) {
        ObjectNode line = ResultPrinter.JSON.createObjectNode();
        line.put("id", item.id);
        try {
            ImageRequest request = item.request.toBuilder()
                    .sink((index, format) -> new AtomicFileTarget(file(dir, item.id, index, format)))
                    .build();
            ImageResult r = choice.generator.generate(request, ImageListener.NONE);
            line.put("status", "ok");
            ArrayNode files = line.putArray("files");
            for (GeneratedImage i : r.images()) {
                files.add(i.file().map(p -> dir.relativize(p.toAbsolutePath()).toString()).orElse(null));
            }
            line.put("provider", r.providerId());
            line.put("model", r.model().value());
            line.put("wireModel", r.wireModel());
            line.put("requestId", r.requestId().orElse(null));
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
            manifest.append(line);
            stats.done.incrementAndGet();
            stats.images.addAndGet(r.images().size());
            r.usage().ifPresent(u -> stats.tokens.addAndGet(u.totalTokens()));
            cost.ifPresent(stats::addCost);
            progress.finished(item.id, null);
        } catch (ImageGenerationException | UncheckedIOException e) {
            line.put("status", "failed");
            ObjectNode err = line.putObject("error");
            err.put("type", e.getClass().getSimpleName());
            err.put("message", e.getMessage());
            if (e instanceof ImageGenerationException) {
                ((ImageGenerationException) e).requestId().ifPresent(id -> err.put("requestId", id));
            }
            try {
                manifest.append(line);
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            stats.failed.incrementAndGet();
            progress.finished(item.id, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest in " + dir, e);
        }
    }

    static Path file(Path dir, String id, int index, OutputFormat format) {
        Path f = dir.resolve((index == 0 ? id : id + "-" + index) + "." + format.extension()).normalize();
        if (!dir.equals(f.getParent())) {
            throw new OutputRefusedException("refusing to write " + f + ": outside " + dir);
        }
        return f;
    }

    /** A killed run may have renamed every image of a job into place before recording it: record it now. */
    private static boolean recovered(BatchFile.Item item, Path dir, Manifest manifest) throws IOException {
        int n = item.request.count();
        ArrayNode files = ResultPrinter.JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            Path found = null;
            for (String ext : EXTENSIONS) {
                Path f = dir.resolve((i == 0 ? item.id : item.id + "-" + i) + "." + ext);
                if (Files.isRegularFile(f) && Files.size(f) > 0) {
                    found = f;
                    break;
                }
            }
            if (found == null) {
                return false;
            }
            files.add(found.getFileName().toString());
        }
        ObjectNode line = ResultPrinter.JSON.createObjectNode();
        line.put("id", item.id);
        line.put("status", "ok");
        line.set("files", files);
        line.put("recovered", true);
        manifest.append(line);
        return true;
    }

    private static void removeStaleTempFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, ".*.part")) {
            for (Path p : stream) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void summary(Context ctx, Stats s) {
        if (json) {
            ObjectNode o = ResultPrinter.JSON.createObjectNode();
            o.put("jobs", s.total);
            o.put("done", s.done.get());
            o.put("skipped", s.skipped.get());
            o.put("recovered", s.recovered.get());
            o.put("failed", s.failed.get());
            o.put("images", s.images.get());
            o.put("tokens", s.tokens.get());
            o.put("estimatedCostUsd", s.cost());
            ctx.out.println(o);
            return;
        }
        ctx.out.println(String.format(Locale.ROOT,
                "batch: %d done, %d already done, %d recovered, %d failed; %d images, %,d tokens, ~%s USD",
                s.done.get(), s.skipped.get(), s.recovered.get(), s.failed.get(), s.images.get(), s.tokens.get(),
                s.cost().toPlainString()));
        if (s.failed.get() > 0) {
            ctx.out.println("re-run the same command to retry the failed jobs; see " + Manifest.FILE + " for errors");
        }
    }

    /** Counters of one run. */
    static final class Stats {
        final int total;
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger recovered = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger images = new AtomicInteger();
        final AtomicLong tokens = new AtomicLong();
        private BigDecimal cost = BigDecimal.ZERO;

        Stats(int total) {
            this.total = total;
        }

        synchronized void addCost(Cost c) {
            if (c.currency().equals("USD")) {
                cost = cost.add(c.amount());
            }
        }

        synchronized BigDecimal cost() {
            return cost.stripTrailingZeros();
        }
    }
}
