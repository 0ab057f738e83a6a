package dev.imagegen4j.cli;

import dev.imagegen4j.Background;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.Moderation;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import picocli.CommandLine.Option;

/** The image options shared by generate, edit and batch. */
final class ImageOptions {

    @Option(names = "--model", paramLabel = "MODEL", description = "Model id, e.g. gpt-image-2 (default), gpt-image-1.5.")
    String model;

    @Option(names = "--size", paramLabel = "WxH|auto", description = "Size, e.g. 1024x1024, 1536x864 (gpt-image-2), auto.")
    String size;

    @Option(names = "--quality", paramLabel = "Q", description = "low, medium, high, auto (gpt-image); standard, hd (dall-e-3).")
    String quality;

    @Option(names = "--format", paramLabel = "FMT", description = "png (default), jpeg or webp.")
    String format;

    @Option(names = "--compression", paramLabel = "N", description = "Output compression 0-100 for jpeg and webp.")
    Integer compression;

    @Option(names = "--background", paramLabel = "BG", description = "transparent (png or webp), opaque or auto.")
    String background;

    @Option(names = "--moderation", paramLabel = "LEVEL", description = "low or auto.")
    String moderation;

    @Option(names = "-n", paramLabel = "N", description = "Number of images (default 1).")
    Integer n;

    /** Applies the options that were given to {@code b}; a bad value fails naming the option. */
    ImageRequest.Builder apply(ImageRequest.Builder b) {
        if (model != null) {
            b.model(model);
        }
        if (size != null) {
            b.size(option("--size", () -> dev.imagegen4j.ImageSize.parse(size)));
        }
        if (quality != null) {
            b.quality(option("--quality", () -> Quality.of(quality)));
        }
        if (format != null) {
            b.outputFormat(option("--format", () -> OutputFormat.of(format)));
        }
        if (background != null) {
            b.background(option("--background", () -> Background.of(background)));
        }
        if (moderation != null) {
            b.moderation(option("--moderation", () -> Moderation.of(moderation)));
        }
        b.outputCompression(compression);
        b.n(n);
        return b;
    }

    OutputFormat format() {
        return format == null ? OutputFormat.PNG : OutputFormat.of(format);
    }

    static <T> T option(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new dev.imagegen4j.InvalidRequestException(name.substring(2), name + ": " + e.getMessage());
        }
    }
}
