package dev.imagegen4j.cli;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.PartialImage;
import dev.imagegen4j.internal.AtomicFileTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** What generate and edit share: build the request, check the outputs, call, save, report. */
abstract class ImageCommand implements Callable<Integer> {

    private static final int PARTIALS = 3;

    @ParentCommand
    ImagegenCli parent;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw, or how to change the image.")
    String prompt;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    ImageOptions image = new ImageOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    /**
     * A note printed before sending when the asked model is not in the catalog but within two edits of a known id
     * ({@code gpt-image-22}): the request is still sent (a model shipped after this release must work), so the user
     * sees the likely typo before the vendor answers. Nothing when the generator would refuse the request anyway
     * (strict mode, a rule it breaks): its error says what is wrong.
     */
    static java.util.Optional<String> likelyTypo(ImageRequest request, GeneratorChoice choice) {
        try {
            choice.generator.check(request);
        } catch (RuntimeException refused) {
            return java.util.Optional.empty();
        }
        return request.model().filter(m -> choice.catalog.find(m).isEmpty()
                && choice.catalog.resolve(m).kind() != dev.imagegen4j.ModelCatalog.Resolution.Kind.SNAPSHOT)
                .flatMap(m -> choice.catalog.suggest(m).map(near -> "imagegen: " + m + " is not in the model catalog; "
                        + "did you mean " + near + "? Sending it as asked, in case the vendor has shipped it since this "
                        + "release (a generator with strict: true refuses models the catalog does not know)."));
    }

    /** Adds the command's own options (reference images, mask) to the request. */
    abstract void customize(ImageRequest.Builder b);

    @Override
    public Integer call() {
        Context ctx = parent.ctx;
        Logging.configure(connection.verbose);
        ImageRequest.Builder b = image.apply(ImageRequest.builder().prompt(prompt));
        customize(b);
        boolean stream = output.stream;
        if (stream) {
            b.partialImages(PARTIALS);
        }
        OutputFormat requested = image.format == null ? null : ImageOptions.option("--format", image::format);
        OutputPaths paths = OutputPaths.of(output.output, prompt, requested, ctx.cwd, output.force);
        if (requested == null && paths.formatFromExtension()) {
            b.outputFormat(paths.format());
        }
        ImageRequest probe = b.build();
        paths.check(probe.count(), stream ? PARTIALS : 0, !output.dryRun);
        if (output.dryRun) {
            try (GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
                if (choice.notice != null) {
                    ctx.err.println(choice.notice);
                }
                DryRunPrinter.print(ctx, choice, List.of(new DryRunPrinter.Job(null, probe,
                        choice.generator.dryRun(probe), paths.file(0))), output.json);
                return ExitCodes.OK;
            }
        }
        ImageRequest request = b.sink(paths.sink()).build();

        try (GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
            if (choice.notice != null) {
                ctx.err.println(choice.notice);
            }
            likelyTypo(probe, choice).ifPresent(ctx.err::println);
            List<Path> partials = new CopyOnWriteArrayList<>();
            ImageResult result;
            AtomicBoolean inFlight = new AtomicBoolean();
            try (Progress progress = new Progress(ctx.err, ctx.terminal && !output.json,
                    stream ? PARTIALS * probe.count() : 0, p -> partials.add(savePartial(paths, p)));
                    Interruption interruption = Interruption.install(() -> interrupted(ctx, progress, inFlight,
                            partials, choice))) {
                inFlight.set(true);
                result = choice.generator.generate(request, progress);
                inFlight.set(false);
            }
            List<String> warnings = new ArrayList<>(result.warnings());
            warnings.addAll(paths.notes(result.images()));
            if (output.json) {
                ctx.out.println(ResultPrinter.json(result, partials, warnings).put("generator", choice.description));
            } else {
                partials.forEach(p -> ctx.out.println("partial " + p));
                ResultPrinter.text(result, choice.description, warnings, ctx);
            }
            return ExitCodes.OK;
        }
    }

    /** Ctrl-C: clear the live line; a request in flight may still be generated and billed. */
    private void interrupted(Context ctx, Progress progress, AtomicBoolean inFlight, List<Path> partials,
            GeneratorChoice choice) {
        String generator = choice.description;
        progress.close();
        if (inFlight.get() && progress.job().isPresent()) {
            dev.imagegen4j.JobHandle job = progress.job().get();
            boolean cancelled = choice.generator.asyncJobs(job.providerId()).map(g -> g.cancel(job)).orElse(false);
            ctx.err.println("imagegen: interrupted while " + job + " was running: " + (cancelled ? "it was cancelled"
                    : "cancelling it failed") + ", but it may still be billed, and no image was saved. Check the "
                    + "vendor's dashboard before sending it again.");
        } else if (inFlight.get()) {
            ctx.err.println("imagegen: interrupted while the request to " + generator + " was in flight: it may "
                    + "still be generated and billed, and no final image was saved"
                    + (partials.isEmpty() ? "" : " (" + partials.size() + " partial image(s) were)")
                    + ". Check the vendor's usage page before sending it again.");
        } else {
            ctx.err.println("imagegen: interrupted");
        }
        ctx.err.flush();
    }

    private static Path savePartial(OutputPaths paths, PartialImage p) {
        AtomicFileTarget target = null;
        try {
            target = paths.partialTarget(p.imageIndex(), p.partialIndex(), p.format());
            target.stream().write(p.bytes());
            return target.commit().orElseThrow();
        } catch (IOException e) {
            if (target != null) {
                target.abort();
            }
            throw new UncheckedIOException("cannot save partial image " + p.partialIndex() + " in "
                    + paths.directory(), e);
        }
    }
}
