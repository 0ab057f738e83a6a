package dev.imagegen4j.cli;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.PartialImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** What generate and edit share: build the request, check the outputs, call, save, report. */
abstract class ImageCommand implements Callable<Integer> {

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
            b.partialImages(3);
        }
        OutputFormat format = ImageOptions.option("--format", image::format);
        OutputPaths paths = OutputPaths.of(output.output, prompt, ctx.cwd, output.force);
        ImageRequest probe = b.build();
        paths.check(probe.count(), format);
        ImageRequest request = b.sink(paths.sink(format)).build();

        try (GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
            if (choice.notice != null) {
                ctx.err.println(choice.notice);
            }
            List<Path> partials = new CopyOnWriteArrayList<>();
            ImageResult result;
            try (Progress progress = new Progress(ctx.err, ctx.terminal && !output.json,
                    stream ? 3 * probe.count() : 0, p -> partials.add(savePartial(paths, p)))) {
                result = choice.generator.generate(request, progress);
            }
            if (output.json) {
                ctx.out.println(ResultPrinter.json(result, partials).put("generator", choice.description));
            } else {
                partials.forEach(p -> ctx.out.println("partial " + p));
                ResultPrinter.text(result, choice.description, ctx);
            }
            return ExitCodes.OK;
        }
    }

    private static Path savePartial(OutputPaths paths, PartialImage p) {
        Path f = paths.partialFile(p.imageIndex(), p.partialIndex(), p.format());
        try {
            Path tmp = Files.createTempFile(f.getParent(), "." + f.getFileName(), ".part");
            Files.write(tmp, p.bytes());
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save partial image " + f, e);
        }
    }
}
