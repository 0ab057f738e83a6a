package dev.imagegen4j;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The encoding of a generated image: {@code png} (the default), {@code jpeg}, {@code webp}, and since GPT Image
 * 2.6 {@code svg} (a vector document) and {@code gif} (an animation). DALL·E always returns PNG.
 *
 * <p>An open value: {@link #of(String)} accepts a format imagegen4j does not know yet (its MIME type is then
 * {@code image/<value>} and its properties are assumed permissive, so nothing is refused on their account).
 * Whether a model takes a format is the {@link ModelCatalog}'s business. Instances are immutable; two are equal
 * when their wire values are.
 */
public final class OutputFormat extends OpenValue {

    private static final OpenValues<OutputFormat> VALUES = new OpenValues<>("output format", OutputFormat::new);

    /** PNG, lossless; supports transparency. The default. */
    public static final OutputFormat PNG = VALUES.known("png");
    /** JPEG, lossy; no transparency. Honours output compression. {@code jpg} is accepted as an alias. */
    public static final OutputFormat JPEG = VALUES.known("jpeg");
    /** WebP; supports transparency and output compression. Not offered by Azure OpenAI. */
    public static final OutputFormat WEBP = VALUES.known("webp");
    /** SVG, a vector document (GPT Image 2.6 and later): single-image generations only. */
    public static final OutputFormat SVG = VALUES.known("svg");
    /** Animated GIF (GPT Image 2.6 and later): frames set with the {@code frame_count} parameter. */
    public static final OutputFormat GIF = VALUES.known("gif");

    static {
        VALUES.alias("jpg", JPEG);
    }

    private OutputFormat(String wire, boolean known) {
        super(wire, known);
    }

    /**
     * The constant matching {@code text} (also {@code jpg}), or a new format that is sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static OutputFormat of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<OutputFormat> knownValues() {
        return VALUES.knownValues();
    }

    /** The MIME type, e.g. {@code image/png}, {@code image/svg+xml}; {@code image/<value>} for an unknown format. */
    public String mimeType() {
        if (this.equals(JPEG)) {
            return "image/jpeg";
        }
        if (this.equals(SVG)) {
            return "image/svg+xml";
        }
        return "image/" + wireValue().toLowerCase(Locale.ROOT);
    }

    /** The usual file extension without the dot: {@code png}, {@code jpg}, {@code webp}, {@code svg}, {@code gif}. */
    public String extension() {
        if (this.equals(JPEG)) {
            return "jpg";
        }
        String e = wireValue().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return e.isEmpty() ? "bin" : e;
    }

    /** Whether this format can carry an alpha channel (true for an unknown format: it is not refused). */
    public boolean supportsTransparency() {
        return !this.equals(JPEG);
    }

    /** Whether output compression applies (jpeg, webp; true for an unknown format: it is sent as asked). */
    public boolean supportsCompression() {
        return !(this.equals(PNG) || this.equals(SVG) || this.equals(GIF));
    }

    /** Whether the format is a raster image whose pixels imagegen4j can read (png, jpeg, webp, gif). */
    public boolean isRaster() {
        return isKnown() && !this.equals(SVG);
    }

    /** The format whose MIME type is {@code mimeType}, if it is a known one. */
    public static Optional<OutputFormat> fromMimeType(String mimeType) {
        if (mimeType == null) {
            return Optional.empty();
        }
        String m = mimeType.toLowerCase(Locale.ROOT).strip();
        int semi = m.indexOf(';');
        if (semi >= 0) {
            m = m.substring(0, semi).strip();
        }
        if (m.equals("image/jpg")) {
            return Optional.of(JPEG);
        }
        for (OutputFormat f : knownValues()) {
            if (m.equals(f.mimeType())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
