package dev.imagegen4j;

import java.util.Objects;

/**
 * A preview delivered while a streamed image is being generated ({@code partial_images} 1..3).
 *
 * @param imageIndex   which image of the request (0-based; always 0 unless {@code n > 1})
 * @param partialIndex which preview of that image (0-based)
 * @param bytes        the encoded preview
 * @param format       its format
 */
public record PartialImage(int imageIndex, int partialIndex, byte[] bytes, OutputFormat format) {

    /** Validates the fields. */
    public PartialImage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(format, "format");
    }

    @Override
    public String toString() {
        return "PartialImage[image " + imageIndex + ", partial " + partialIndex + ", " + bytes.length + " bytes "
                + format + "]";
    }
}
