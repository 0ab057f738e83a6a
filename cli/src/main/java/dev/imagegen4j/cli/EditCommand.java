package dev.imagegen4j.cli;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.InputFidelity;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagegen edit PROMPT --image FILE...}: edit with 1..16 reference images and an optional mask. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit images: up to 16 reference images, an optional mask (inpainting on the first image).")
final class EditCommand extends ImageCommand {

    @Option(names = "--image", paramLabel = "FILE", required = true, arity = "1..*",
            description = "Reference image(s), PNG, JPEG or WebP; repeat or list up to 16.")
    List<String> images;

    @Option(names = "--mask", paramLabel = "FILE",
            description = "PNG mask, same size as the first image; transparent pixels mark what to edit.")
    String mask;

    @Option(names = "--input-fidelity", paramLabel = "LEVEL", description = "high or low.")
    String inputFidelity;

    @Override
    void customize(ImageRequest.Builder b) {
        for (String f : images) {
            b.image(parent.ctx.cwd.resolve(f));
        }
        if (mask != null) {
            b.mask(parent.ctx.cwd.resolve(mask));
        }
        if (inputFidelity != null) {
            b.inputFidelity(ImageOptions.option("--input-fidelity", () -> InputFidelity.of(inputFidelity)));
        }
    }
}
