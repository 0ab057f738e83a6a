package dev.imagegen4j;

import java.util.Locale;
import java.util.Optional;

/** The encoding of a generated image (gpt-image models; DALL·E always returns PNG). */
public enum OutputFormat implements WireValue {
    /** PNG, lossless; supports transparency. The default. */
    PNG("png", "image/png", "png"),
    /** JPEG, lossy; no transparency. Honours output compression. */
    JPEG("jpeg", "image/jpeg", "jpg"),
    /** WebP; supports transparency and output compression. Not offered by Azure OpenAI. */
    WEBP("webp", "image/webp", "webp");

    private final String wire;
    private final String mimeType;
    private final String extension;

    OutputFormat(String wire, String mimeType, String extension) {
        this.wire = wire;
        this.mimeType = mimeType;
        this.extension = extension;
    }

    @Override
    public String wireValue() {
        return wire;
    }

    /** The MIME type, e.g. {@code image/png}. */
    public String mimeType() {
        return mimeType;
    }

    /** The usual file extension without the dot: {@code png}, {@code jpg}, {@code webp}. */
    public String extension() {
        return extension;
    }

    /** Whether this format can carry an alpha channel. */
    public boolean supportsTransparency() {
        return this != JPEG;
    }

    /** Whether output compression applies to this format. */
    public boolean supportsCompression() {
        return this != PNG;
    }

    /**
     * Parses a wire value ({@code png}, {@code jpeg}, {@code webp}), also accepting {@code jpg}.
     *
     * @throws IllegalArgumentException naming the value and the allowed values
     */
    public static OutputFormat of(String text) {
        if (text != null && text.strip().equalsIgnoreCase("jpg")) {
            return JPEG;
        }
        return WireValue.parse(OutputFormat.class, "output format", text);
    }

    /** The format whose MIME type is {@code mimeType}, if any. */
    public static Optional<OutputFormat> fromMimeType(String mimeType) {
        if (mimeType == null) {
            return Optional.empty();
        }
        String m = mimeType.toLowerCase(Locale.ROOT).strip();
        for (OutputFormat f : values()) {
            if (m.equals(f.mimeType) || m.startsWith(f.mimeType + ";")) {
                return Optional.of(f);
            }
        }
        return m.equals("image/jpg") ? Optional.of(JPEG) : Optional.empty();
    }

    @Override
    public String toString() {
        return wire;
    }
}
