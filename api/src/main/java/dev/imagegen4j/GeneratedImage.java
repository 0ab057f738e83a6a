package dev.imagegen4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One generated image: in memory, in a file the request's {@link ImageSink} wrote, or delivered to the
 * caller's stream. Immutable and thread-safe.
 */
public final class GeneratedImage {

    private final int index;
    private final byte[] bytes;
    private final Path file;
    private final long sizeBytes;
    private final OutputFormat format;
    private final int width;
    private final int height;
    private final String revisedPrompt;
    private final URI url;
    private final Map<String, Object> metadata;

    private GeneratedImage(Builder b) {
        this.index = b.index;
        this.bytes = b.bytes;
        this.file = b.file;
        this.sizeBytes = b.bytes != null ? b.bytes.length : b.sizeBytes;
        this.format = Objects.requireNonNull(b.format, "format");
        this.width = b.width;
        this.height = b.height;
        this.revisedPrompt = b.revisedPrompt;
        this.url = b.url;
        this.metadata = Map.copyOf(b.metadata);
    }

    /** A builder, for providers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The image's 0-based position in the result. */
    public int index() {
        return index;
    }

    /** Whether the bytes are held in memory. */
    public boolean inMemory() {
        return bytes != null;
    }

    /**
     * The encoded image. Held in memory, or read from {@link #file()} when a file sink wrote it.
     *
     * @throws IllegalStateException if the image went to a caller's {@code OutputStream}
     * @throws UncheckedIOException  if the file can no longer be read
     */
    public byte[] bytes() {
        if (bytes != null) {
            return bytes.clone();
        }
        if (file != null) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read generated image " + file, e);
            }
        }
        throw new IllegalStateException("image " + index + " was streamed to the caller's OutputStream");
    }

    /** The file the request's sink wrote, if it wrote one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The encoded size in bytes. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The image format. */
    public OutputFormat format() {
        return format;
    }

    /** The MIME type, e.g. {@code image/png}. */
    public String mimeType() {
        return format.mimeType();
    }

    /** Width in pixels, read from the image header; 0 if unknown. */
    public int width() {
        return width;
    }

    /** Height in pixels, read from the image header; 0 if unknown. */
    public int height() {
        return height;
    }

    /** The prompt the model actually used (DALL·E 3), if it said. */
    public Optional<String> revisedPrompt() {
        return Optional.ofNullable(revisedPrompt);
    }

    /** The vendor's URL of the image (DALL·E, AI/ML API), if it returned one. Such URLs expire. */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /** Per-image vendor data, e.g. Azure's {@code content_filter_results}. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "GeneratedImage[" + index + ", " + format + " " + width + "x" + height + ", " + sizeBytes + " bytes"
                + (file != null ? ", " + file : "") + "]";
    }

    /** Builds a {@link GeneratedImage}; not thread-safe. */
    public static final class Builder {
        private int index;
        private byte[] bytes;
        private Path file;
        private long sizeBytes;
        private OutputFormat format;
        private int width;
        private int height;
        private String revisedPrompt;
        private URI url;
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        /** The 0-based position. */
        public Builder index(int index) {
            this.index = index;
            return this;
        }

        /** In-memory bytes (not copied: the builder takes ownership). */
        public Builder bytes(byte[] bytes) {
            this.bytes = bytes;
            return this;
        }

        /** The file a sink wrote and its size. */
        public Builder file(Path file, long sizeBytes) {
            this.file = file;
            this.sizeBytes = sizeBytes;
            return this;
        }

        /** The size of an image that went to a caller's stream. */
        public Builder sizeBytes(long sizeBytes) {
            this.sizeBytes = sizeBytes;
            return this;
        }

        /** The format (required). */
        public Builder format(OutputFormat format) {
            this.format = format;
            return this;
        }

        /** Pixel dimensions. */
        public Builder dimensions(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** The revised prompt. */
        public Builder revisedPrompt(String revisedPrompt) {
            this.revisedPrompt = revisedPrompt;
            return this;
        }

        /** The vendor URL. */
        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        /** One metadata entry; null values are ignored. */
        public Builder metadata(String key, Object value) {
            if (value != null) {
                metadata.put(key, value);
            }
            return this;
        }

        /** The image. */
        public GeneratedImage build() {
            return new GeneratedImage(this);
        }
    }
}
