package dev.imagegen4j;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An aspect ratio such as {@code 16:9}: the portable way to ask for a shape. Vendors without sizes (Gemini) take it
 * as it is; vendors with sizes (OpenAI, Azure, gateways) get the nearest size their model takes, chosen with the
 * {@linkplain ResolutionTier resolution tier} (see {@link SizeRule#nearest}). Immutable; two ratios are equal when
 * their terms are ({@code 2:1} and {@code 4:2} differ, as they do on the wire).
 */
public final class AspectRatio {

    /** {@code 1:1}. */
    public static final AspectRatio SQUARE = new AspectRatio(1, 1);
    /** {@code 16:9}. */
    public static final AspectRatio WIDESCREEN = new AspectRatio(16, 9);
    /** {@code 9:16}. */
    public static final AspectRatio PORTRAIT_9_16 = new AspectRatio(9, 16);

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,4})\\s*[:x/]\\s*(\\d{1,4})\\s*");

    private final int width;
    private final int height;

    private AspectRatio(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /**
     * The ratio {@code width:height}.
     *
     * @throws IllegalArgumentException unless both terms are 1..1000
     */
    public static AspectRatio of(int width, int height) {
        if (width < 1 || height < 1 || width > 1000 || height > 1000) {
            throw new IllegalArgumentException("aspect ratio " + width + ":" + height + ": both terms must be 1 to 1000");
        }
        return new AspectRatio(width, height);
    }

    /**
     * Parses {@code 16:9} (also {@code 16x9} or {@code 16/9}).
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static AspectRatio parse(String text) {
        Matcher m = TEXT.matcher(Objects.requireNonNull(text, "aspect ratio"));
        if (!m.matches()) {
            throw new IllegalArgumentException("aspect ratio '" + text + "': expected W:H such as 16:9");
        }
        return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The first term. */
    public int width() {
        return width;
    }

    /** The second term. */
    public int height() {
        return height;
    }

    /** {@code width / height}. */
    public double value() {
        return (double) width / height;
    }

    /** The wire form, {@code 16:9}. */
    public String wireValue() {
        return width + ":" + height;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AspectRatio && ((AspectRatio) o).width == width && ((AspectRatio) o).height == height;
    }

    @Override
    public int hashCode() {
        return 31 * width + height;
    }

    @Override
    public String toString() {
        return wireValue();
    }
}
