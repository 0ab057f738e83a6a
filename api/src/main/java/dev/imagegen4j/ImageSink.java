package dev.imagegen4j;

import java.io.IOException;
import java.io.OutputStream;
import dev.imagegen4j.internal.AtomicFileTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where generated images go instead of a {@code byte[]}: a file, a directory or an {@link OutputStream}.
 * Providers decode the base64 of a response straight into the sink as it arrives, so a 64 MiB image
 * never sits in memory.
 *
 * <p>File sinks write to a temporary file beside the target and rename it into place when the image
 * is complete, so a file is either whole or absent, never torn. Implementations must be thread-safe
 * when a request asks for several images ({@code n > 1}), which may be written concurrently.
 */
@FunctionalInterface
public interface ImageSink {

    /**
     * Opens the destination of the image with 0-based {@code index}.
     *
     * @param format the image's format, for choosing a file extension
     */
    Target open(int index, OutputFormat format) throws IOException;

    /** One image's destination, used by a single thread. */
    interface Target {
        /** The stream to write the decoded image to. */
        OutputStream stream();

        /**
         * Completes the image: flushes, closes and (for files) moves it into place.
         *
         * @return the file written, if the sink writes files
         */
        Optional<Path> commit() throws IOException;

        /** Discards an incomplete image; never throws. */
        void abort();
    }

    /**
     * Writes image 0 to {@code file} and image {@code k > 0} to {@code name-k.ext} beside it,
     * replacing existing files. The parent directory must exist.
     */
    static ImageSink toFile(Path file) {
        Objects.requireNonNull(file, "file");
        return (index, format) -> {
            if (index == 0) {
                return new AtomicFileTarget(file);
            }
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String indexed = dot > 0 ? name.substring(0, dot) + "-" + index + name.substring(dot) : name + "-" + index;
            return new AtomicFileTarget(file.resolveSibling(indexed));
        };
    }

    /**
     * Writes image {@code k} to {@code directory/baseName-k.ext} (or {@code baseName.ext} for a single
     * image request's first image, {@code k == 0}), the extension from the format. Creates the
     * directory if needed; replaces existing files.
     */
    static ImageSink toDirectory(Path directory, String baseName) {
        Objects.requireNonNull(directory, "directory");
        if (baseName == null || baseName.isBlank() || baseName.contains("/") || baseName.contains("\\")
                || baseName.equals("..")) {
            throw new IllegalArgumentException("base name '" + baseName + "' must be a plain file name");
        }
        return (index, format) -> {
            Files.createDirectories(directory);
            String name = (index == 0 ? baseName : baseName + "-" + index) + "." + format.extension();
            return new AtomicFileTarget(directory.resolve(name));
        };
    }

    /**
     * Writes the image to {@code out}, which is flushed but not closed. Takes one image only: a request
     * with {@code n > 1} and this sink fails when the second image arrives.
     */
    static ImageSink toOutputStream(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return (index, format) -> {
            if (index > 0) {
                throw new IOException("an OutputStream sink takes one image; image " + index + " has nowhere to go");
            }
            return new Target() {
                private final OutputStream guarded = new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                };

                @Override
                public OutputStream stream() {
                    return guarded;
                }

                @Override
                public Optional<Path> commit() throws IOException {
                    out.flush();
                    return Optional.empty();
                }

                @Override
                public void abort() {
                    // Bytes already written to a caller's stream cannot be taken back.
                }
            };
        };
    }
}
