package dev.imagegen4j.cli;

import dev.imagegen4j.ImageRequest;
import picocli.CommandLine.Command;

/** {@code imagegen generate PROMPT}: text to image. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate images from a prompt and save them.")
final class GenerateCommand extends ImageCommand {

    @Override
    void customize(ImageRequest.Builder b) {
        // a generation has no reference images
    }
}
