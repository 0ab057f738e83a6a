package dev.imagegen4j;

import dev.imagegen4j.internal.ImageHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A reference image or mask for an edit: a file, bytes, or a stream, with a file name and MIME type; or a
 * <em>reference</em> the vendor fetches itself ({@link #ofUrl(URI)}: an https or {@code data:} URL;
 * {@link #ofFileId(String)}: an id from the vendor's Files API), sent in a JSON edit.
 *
 * <p>Files, byte arrays and stream suppliers are <em>repeatable</em>: a retry or failover sends them
 * again, and files are streamed from disk rather than loaded (16 x 50 MB stays off the heap). A plain
 * {@link InputStream} can be read only once; a request holding one cannot be resent.
 *
 * <p>The image type and pixel dimensions are read from the header on first use (a few hundred
 * bytes), so a mask whose size differs from its image is rejected before anything is sent.
 * Instances are immutable and thread-safe, except that a one-shot stream may be opened only once.
 */
public final class ImageInput {

    private static final int SNIFF_BYTES = 64 * 1024;

    private final String fileName;
    private final String declaredMimeType;
    private final long length;
    private final Path path;
    private final byte[] bytes;
    private final Supplier<InputStream> opener;
    private final URI url;
    private final String fileId;
    private InputStream oneShot;
    private byte[] oneShotPrefix;
    private volatile Optional<ImageHeaders.Info> header;

    private ImageInput(String fileName, String mimeType, long length, Path path, byte[] bytes,
            Supplier<InputStream> opener, InputStream oneShot) {
        this(fileName, mimeType, length, path, bytes, opener, oneShot, null, null);
    }

    private ImageInput(String fileName, String mimeType, long length, Path path, byte[] bytes,
            Supplier<InputStream> opener, InputStream oneShot, URI url, String fileId) {
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("image file name must not be blank");
        }
        this.fileName = fileName;
        this.declaredMimeType = mimeType;
        this.length = length;
        this.path = path;
        this.bytes = bytes;
        this.opener = opener;
        this.oneShot = oneShot;
        this.url = url;
        this.fileId = fileId;
    }

    /**
     * The image file at {@code path}, streamed from disk when sent. The MIME type comes from the
     * file's header (or its extension when the header is not recognised).
     *
     * @throws InvalidRequestException if the file does not exist, is not a regular file or cannot be read
     */
    public static ImageInput of(Path path) {
        Objects.requireNonNull(path, "path");
        if (!Files.exists(path)) {
            throw new InvalidRequestException("image", "image file '" + path + "' does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidRequestException("image", "image file '" + path + "' is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidRequestException("image", "image file '" + path + "' is not readable");
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new InvalidRequestException("image", "image file '" + path + "' cannot be read: " + e.getMessage());
        }
        Path name = path.getFileName();
        return new ImageInput(name == null ? "image" : name.toString(), null, size, path, null, null, null);
    }

    /** An image held in memory; the MIME type comes from its header. */
    public static ImageInput of(byte[] bytes, String fileName) {
        Objects.requireNonNull(bytes, "bytes");
        return new ImageInput(fileName, null, bytes.length, null, bytes.clone(), null, null);
    }

    /**
     * A repeatable stream of known length: {@code opener} is called each time the image is sent.
     *
     * @param mimeType e.g. {@code image/png}; may be null to read it from the header
     */
    public static ImageInput of(Supplier<InputStream> opener, long length, String fileName, String mimeType) {
        Objects.requireNonNull(opener, "opener");
        if (length < 0) {
            throw new IllegalArgumentException("image length must not be negative: " + length);
        }
        return new ImageInput(fileName, mimeType, length, null, null, opener, null);
    }

    /**
     * A stream that can be read once, of unknown length. A request holding it cannot be retried or
     * failed over after it was sent; prefer a file or {@link #of(Supplier, long, String, String)}.
     *
     * @param mimeType e.g. {@code image/png}; may be null to read it from the header
     */
    public static ImageInput ofOneShot(InputStream stream, String fileName, String mimeType) {
        Objects.requireNonNull(stream, "stream");
        return new ImageInput(fileName, mimeType, -1, null, null, null, stream);
    }

    /** The longest {@code data:} URL a vendor takes in a JSON edit (OpenAI: 20,971,520 characters). */
    public static final int MAX_DATA_URL_LENGTH = 20_971_520;

    /**
     * An image the vendor fetches itself: an {@code https} URL, or a {@code data:image/...;base64,...} URL. Only
     * models whose catalog entry takes image references accept it (sent as a JSON edit); nothing is downloaded
     * by imagegen4j.
     *
     * @throws InvalidRequestException if the URL is not https or data, has credentials, or a data URL is longer
     *                                 than {@link #MAX_DATA_URL_LENGTH} characters
     */
    public static ImageInput ofUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("data")) {
            String text = url.toString();
            if (text.length() > MAX_DATA_URL_LENGTH) {
                throw new InvalidRequestException("image", String.format(Locale.ROOT,
                        "image data URL of %,d characters: at most %,d are allowed", text.length(), MAX_DATA_URL_LENGTH));
            }
            String head = text.substring(5, Math.max(5, text.indexOf(',') < 0 ? 5 : text.indexOf(',')));
            if (!head.toLowerCase(Locale.ROOT).startsWith("image/")) {
                throw new InvalidRequestException("image", "image data URL must be data:image/...;base64,...");
            }
            String mime = head.contains(";") ? head.substring(0, head.indexOf(';')) : head;
            return new ImageInput("data-url", mime.toLowerCase(Locale.ROOT), -1, null, null, null, null, url, null);
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidRequestException("image", "image URL '" + url.getScheme() + "://...' must be https "
                    + "(or a data: URL)");
        }
        if (url.getRawUserInfo() != null) {
            throw new InvalidRequestException("image", "image URL must not carry credentials");
        }
        if (url.getHost() == null) {
            throw new InvalidRequestException("image", "image URL has no host");
        }
        String path = url.getPath() == null ? "" : url.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new ImageInput(name.isBlank() ? url.getHost() : name, null, -1, null, null, null, null, url, null);
    }

    /**
     * An image uploaded to the vendor's Files API, by its id ({@code file-...}). Only models whose catalog entry
     * takes image references accept it (sent as a JSON edit).
     *
     * @throws InvalidRequestException if the id is blank or holds white space
     */
    public static ImageInput ofFileId(String fileId) {
        if (fileId == null || fileId.isBlank() || !fileId.strip().equals(fileId) || fileId.chars().anyMatch(
                c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidRequestException("image", "file id must be a non-blank id without white space");
        }
        return new ImageInput(fileId, null, -1, null, null, null, null, null, fileId);
    }

    /** Whether the vendor fetches this image itself (a URL or a file id), so imagegen4j sends only the reference. */
    public boolean isReference() {
        return url != null || fileId != null;
    }

    /** The URL of a {@linkplain #ofUrl(URI) URL reference}. */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    /** The id of a {@linkplain #ofFileId(String) file reference}. */
    public Optional<String> fileId() {
        return Optional.ofNullable(fileId);
    }

    /** The file name sent in the multipart part, e.g. {@code cat.png}. */
    public String fileName() {
        return fileName;
    }

    /** The file, when this image is one. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** The length in bytes, when known (files, byte arrays and sized streams). */
    public OptionalLong length() {
        return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    /** Whether the image can be sent more than once (everything but one-shot streams). */
    public boolean isRepeatable() {
        return oneShot == null && oneShotPrefix == null;
    }

    /**
     * The MIME type: from the image's header when recognised, else the declared one, else from the
     * file name's extension, else {@code application/octet-stream}.
     */
    public String mimeType() {
        if (isReference()) {
            return declaredMimeType != null ? declaredMimeType : "application/octet-stream";
        }
        Optional<ImageHeaders.Info> h = header();
        if (h.isPresent()) {
            return h.get().mimeType();
        }
        if (declaredMimeType != null) {
            return declaredMimeType;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        return "application/octet-stream";
    }

    /** Whether the header identifies an image (PNG, JPEG, WebP, GIF); false for a reference. */
    public boolean isRecognizedImage() {
        return !isReference() && header().isPresent();
    }

    /** Pixel dimensions read from the header; empty when it is not a recognised image, or a reference. */
    public Optional<ImageSize> dimensions() {
        if (isReference()) {
            return Optional.empty();
        }
        return header().filter(h -> h.width() > 0 && h.height() > 0).map(h -> ImageSize.of(h.width(), h.height()));
    }

    /**
     * Whether the image has an alpha channel, when the header tells (PNG: an alpha colour type or a {@code tRNS}
     * chunk; WebP: the alpha flag). A mask needs one: its transparent pixels mark the area to edit.
     */
    public Optional<Boolean> hasAlpha() {
        if (isReference()) {
            return Optional.empty();
        }
        return header().flatMap(ImageHeaders.Info::hasAlpha);
    }

    /**
     * Opens the image's bytes. Repeatable sources can be opened any number of times.
     *
     * @throws IllegalStateException if this is a one-shot stream that was already opened
     */
    public InputStream openStream() throws IOException {
        if (isReference()) {
            throw new IllegalStateException("image '" + fileName + "' is a reference the vendor fetches; it has no "
                    + "bytes here");
        }
        if (path != null) {
            return Files.newInputStream(path);
        }
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        if (opener != null) {
            InputStream in = opener.get();
            if (in == null) {
                throw new IOException("the stream supplier of image '" + fileName + "' returned null");
            }
            return in;
        }
        synchronized (this) {
            if (oneShot == null) {
                throw new IllegalStateException("one-shot image stream '" + fileName + "' was already read");
            }
            InputStream in = oneShotPrefix == null ? oneShot
                    : new SequenceInputStream(new ByteArrayInputStream(oneShotPrefix), oneShot);
            oneShot = null;
            return in;
        }
    }

    private Optional<ImageHeaders.Info> header() {
        Optional<ImageHeaders.Info> h = header;
        if (h == null) {
            synchronized (this) {
                h = header;
                if (h == null) {
                    h = sniff();
                    header = h;
                }
            }
        }
        return h;
    }

    private Optional<ImageHeaders.Info> sniff() {
        try {
            if (bytes != null) {
                return ImageHeaders.read(bytes);
            }
            if (oneShot != null) {
                oneShotPrefix = oneShot.readNBytes(SNIFF_BYTES);
                return ImageHeaders.read(oneShotPrefix);
            }
            try (InputStream in = openStream()) {
                return ImageHeaders.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image '" + fileName + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        if (fileId != null) {
            return "ImageInput[file id " + fileId + "]";
        }
        if (url != null) {
            return "ImageInput[" + (url.getScheme().equalsIgnoreCase("data") ? "data URL" : url.getScheme() + "://"
                    + url.getHost() + "/...") + "]";
        }
        return "ImageInput[" + fileName + (length >= 0 ? ", " + length + " bytes" : "") + "]";
    }
}
