package dev.imagegen4j;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of an image: {@link #AUTO} (the model picks) or explicit {@code WIDTHxHEIGHT} pixels.
 *
 * <p>Whether a size is allowed depends on the model ({@link SizeRule}); this type only checks the
 * syntax. Instances are immutable and thread-safe.
 */
public final class ImageSize {

    /** Let the model choose the size. */
    public static final ImageSize AUTO = new ImageSize(0, 0);

    /** 1024x1024, taken by every model. */
    public static final ImageSize SQUARE_1024 = new ImageSize(1024, 1024);
    /** 1536x1024 landscape (gpt-image models). */
    public static final ImageSize LANDSCAPE_1536 = new ImageSize(1536, 1024);
    /** 1024x1536 portrait (gpt-image models). */
    public static final ImageSize PORTRAIT_1536 = new ImageSize(1024, 1536);

    private static final Pattern WXH = Pattern.compile("(\\d{1,6})\\s*[xX×]\\s*(\\d{1,6})");

    private final int width;
    private final int height;

    private ImageSize(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /**
     * An explicit size.
     *
     * @throws IllegalArgumentException if an edge is not positive
     */
    public static ImageSize of(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size " + width + "x" + height + ": width and height must be positive");
        }
        return new ImageSize(width, height);
    }

    /**
     * Parses {@code auto} or {@code WIDTHxHEIGHT} (e.g. {@code 1536x864}).
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static ImageSize parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("size must not be null");
        }
        String t = text.strip();
        if (t.equalsIgnoreCase("auto")) {
            return AUTO;
        }
        Matcher m = WXH.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("size '" + text + "' is not 'auto' or WIDTHxHEIGHT (e.g. 1024x1024)");
        }
        return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether this is {@link #AUTO}. */
    public boolean isAuto() {
        return width == 0;
    }

    /** Width in pixels; 0 for {@link #AUTO}. */
    public int width() {
        return width;
    }

    /** Height in pixels; 0 for {@link #AUTO}. */
    public int height() {
        return height;
    }

    /** Width times height; 0 for {@link #AUTO}. */
    public long pixels() {
        return (long) width * height;
    }

    /** The wire form: {@code auto} or {@code WIDTHxHEIGHT}. */
    public String wireValue() {
        return isAuto() ? "auto" : width + "x" + height;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSize && ((ImageSize) o).width == width && ((ImageSize) o).height == height;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height);
    }

    @Override
    public String toString() {
        return wireValue();
    }
}
