package dev.imagegen4j.internal;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.OutputFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Results that arrive whole in memory (the bridges that put another library's image model in a route): the format
 * and dimensions read from the bytes, and the bytes kept or written through the request's sink. Not API.
 */
public final class InMemoryImages {

    private InMemoryImages() {
    }

    /**
     * Image number {@code index} of a result.
     *
     * @param bytes    the image
     * @param mimeType what the source says it is, used when the bytes do not tell; may be null
     * @param sink     the request's sink, or null to keep the bytes in the result
     * @param details  adds what the source knows beyond the bytes (URL, revised prompt)
     * @throws IllegalStateException if the bytes are not an image format a result can carry
     * @throws UncheckedIOException  if the sink cannot be written (its target is aborted)
     */
    public static GeneratedImage toGenerated(byte[] bytes, int index, String mimeType, ImageSink sink,
            Consumer<GeneratedImage.Builder> details) {
        Optional<ImageHeaders.Info> info = ImageHeaders.read(bytes);
        OutputFormat format = info.flatMap(h -> OutputFormat.fromMimeType(h.mimeType()))
                .or(() -> mimeType == null ? Optional.empty() : OutputFormat.fromMimeType(mimeType))
                .orElseThrow(() -> new IllegalStateException("it is not PNG, JPEG or WebP"
                        + (mimeType == null ? "" : " (MIME type " + mimeType + ")")));
        GeneratedImage.Builder b = GeneratedImage.builder().index(index).format(format);
        details.accept(b);
        info.ifPresent(h -> b.dimensions(h.width(), h.height()));
        if (sink == null) {
            return b.bytes(bytes).build();
        }
        ImageSink.Target target = null;
        try {
            target = sink.open(index, format);
            target.stream().write(bytes);
            Optional<Path> file = target.commit();
            target = null;
            return file.isPresent() ? b.file(file.get(), bytes.length).build() : b.sizeBytes(bytes.length).build();
        } catch (IOException e) {
            throw new UncheckedIOException("the request's sink could not be written: " + e.getMessage(), e);
        } finally {
            if (target != null) {
                target.abort();
            }
        }
    }
}
