package dev.imagegen4j;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real encoded images for tests. */
final class TestImages {

    private TestImages() {
    }

    static byte[] png(int w, int h) {
        return encode(new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB), "png");
    }

    /** An opaque RGB PNG, without an alpha channel. */
    static byte[] rgbPng(int w, int h) {
        return encode(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png");
    }

    /** An animated GIF of {@code frames} frames. */
    static byte[] gif(int w, int h, int frames) {
        try {
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (int i = 0; i < frames; i++) {
                    writer.writeToSequence(new javax.imageio.IIOImage(
                            new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), null, null), null);
                }
                writer.endWriteSequence();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] jpeg(int w, int h) {
        return encode(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
