package dev.imagegen4j.testkit;

import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Format, dimensions and pixel mode read from an image header (no pixels decoded). The mode is named as the
 * vendor names it in errors (PIL modes): {@code RGBA}, {@code LA}, {@code L}, {@code RGB}, {@code P}.
 */
final class ImageInfo {

    final String format;
    final int width;
    final int height;
    /** {@code RGBA}, {@code LA}, {@code L}, {@code RGB}, {@code P} or {@code ?} when the reader does not say. */
    final String mode;

    private ImageInfo(String format, int width, int height, String mode) {
        this.format = format;
        this.width = width;
        this.height = height;
        this.mode = mode;
    }

    /** Whether the image has an alpha channel (or a palette with transparency). */
    boolean hasAlpha() {
        return mode.equals("RGBA") || mode.equals("LA") || mode.equals("PA");
    }

    /** The header of {@code bytes}, or {@code null} when no reader recognises them. */
    static ImageInfo of(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (format.equals("jpg")) {
                    format = "jpeg";
                }
                return new ImageInfo(format, reader.getWidth(0), reader.getHeight(0), mode(reader));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String mode(ImageReader reader) {
        try {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            if (raw == null) {
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                raw = types.hasNext() ? types.next() : null;
            }
            if (raw == null) {
                return "?";
            }
            ColorModel cm = raw.getColorModel();
            if (cm instanceof IndexColorModel) {
                return cm.hasAlpha() ? "PA" : "P";
            }
            boolean gray = cm.getNumColorComponents() == 1;
            if (cm.hasAlpha()) {
                return gray ? "LA" : "RGBA";
            }
            return gray ? "L" : "RGB";
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
