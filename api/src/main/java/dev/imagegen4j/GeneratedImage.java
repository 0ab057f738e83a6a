package dev.imagegen4j;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One generated image: in memory, in a file the request's {@link ImageSink} wrote, or delivered to the
 * caller's stream. Any format is first class: PNG, JPEG, WebP, an SVG document ({@link #isVector()}) or an
 * animated GIF ({@link #frameCount()}); {@link #format()} and {@link #mimeType()} say which. Immutable and
 * thread-safe.
 */
public final class GeneratedImage {

    private final int index;
    private final byte[] bytes;
    private final int length;
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
        this.length = b.bytes != null ? b.length : 0;
        this.file = b.file;
        this.sizeBytes = b.bytes != null ? b.length : b.sizeBytes;
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
     * The encoded image as a new array: a copy of the bytes held in memory, or read from
     * {@link #file()} when a file sink wrote it. To avoid the copy of a large image use
     * {@link #byteBuffer()}, {@link #openStream()} or {@link #writeTo(OutputStream)}.
     *
     * @throws IllegalStateException if the image went to a caller's {@code OutputStream}
     * @throws UncheckedIOException  if the file can no longer be read
     */
    public byte[] bytes() {
        if (bytes != null) {
            return Arrays.copyOf(bytes, length);
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

    /**
     * A read-only view of the in-memory bytes, without copying.
     *
     * @throws IllegalStateException if the image is not in memory (see {@link #file()})
     */
    public ByteBuffer byteBuffer() {
        if (bytes == null) {
            throw new IllegalStateException("image " + index + " is not in memory"
                    + (file != null ? "; it was written to " + file : ""));
        }
        return ByteBuffer.wrap(bytes, 0, length).slice().asReadOnlyBuffer();
    }

    /**
     * Opens the image's bytes: from memory without copying, or from the file.
     *
     * @throws IllegalStateException if the image went to a caller's {@code OutputStream}
     */
    public InputStream openStream() throws IOException {
        if (bytes != null) {
            return new ByteArrayInputStream(bytes, 0, length);
        }
        if (file != null) {
            return Files.newInputStream(file);
        }
        throw new IllegalStateException("image " + index + " was streamed to the caller's OutputStream");
    }

    /** Writes the image to {@code out} (not closed), without copying in-memory bytes. */
    public void writeTo(OutputStream out) throws IOException {
        if (bytes != null) {
            out.write(bytes, 0, length);
            return;
        }
        try (InputStream in = openStream()) {
            in.transferTo(out);
        }
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

    /** Width in pixels, read from the image header (an SVG's width attribute); 0 if unknown. */
    public int width() {
        return width;
    }

    /** Height in pixels, read from the image header; 0 if unknown. */
    public int height() {
        return height;
    }

    /**
     * The number of frames of an animated GIF (GPT Image 2.6 {@code gif} output), counted from the image; empty for
     * other formats, or when the image went to the caller's stream.
     */
    public java.util.OptionalInt frameCount() {
        if (!format.equals(OutputFormat.GIF) || (bytes == null && file == null)) {
            return java.util.OptionalInt.empty();
        }
        try (InputStream in = openStream()) {
            return dev.imagegen4j.internal.ImageHeaders.gifFrames(in);
        } catch (IOException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** The vendor's id of this generation ({@code data[].generation_id}, GPT Image 2.5 and later), if it sent one. */
    public Optional<String> generationId() {
        Object id = metadata.get("generation_id");
        return id == null ? Optional.empty() : Optional.of(id.toString());
    }

    /** Whether the image is vector graphics (SVG) rather than pixels; its width and height may then be 0. */
    public boolean isVector() {
        return format.equals(OutputFormat.SVG);
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
        private int length;
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
            return bytes(bytes, bytes.length);
        }

        /**
         * The first {@code length} bytes of {@code buffer} (not copied: the builder takes ownership). Lets a
         * decoder that sized its buffer from an upper bound hand it over without a copy.
         */
        public Builder bytes(byte[] buffer, int length) {
            if (length < 0 || length > buffer.length) {
                throw new IllegalArgumentException("length " + length + " outside buffer of " + buffer.length);
            }
            this.bytes = buffer;
            this.length = length;
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
