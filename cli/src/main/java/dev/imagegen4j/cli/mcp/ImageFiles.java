package dev.imagegen4j.cli.mcp;

import dev.imagegen4j.internal.FileNames;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/** Image files as tool content: which names are images, a small preview, the whole file as base64 when asked. */
final class ImageFiles {

    /** The largest preview edge the server makes, in pixels. */
    static final int MAX_PREVIEW_EDGE = 512;
    /** The most bytes of a whole image returned inline ({@code include_image: true}). */
    static final long MAX_INLINE_BYTES = 8L * 1024 * 1024;

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "gif", "svg");

    private ImageFiles() {
    }

    static boolean isImageName(String fileName) {
        return IMAGE_EXTENSIONS.contains(FileNames.extension(fileName).toLowerCase(Locale.ROOT));
    }

    /** A preview with the longer edge at most {@code edge} pixels, as base64 JPEG; empty if the file cannot be read. */
    static Optional<String> preview(Path file, int edge) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(w, h) / (edge * 2));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage source = reader.read(0, param);
                double scale = Math.min(1.0, (double) edge / Math.max(source.getWidth(), source.getHeight()));
                int tw = Math.max(1, (int) Math.round(source.getWidth() * scale));
                int th = Math.max(1, (int) Math.round(source.getHeight() * scale));
                BufferedImage thumb = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = thumb.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.setColor(Color.WHITE);
                    g.fillRect(0, 0, tw, th);
                    g.drawImage(source, 0, 0, tw, th, null);
                } finally {
                    g.dispose();
                }
                return Optional.of(Base64.getEncoder().encodeToString(jpeg(thumb)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(image, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The whole file as base64, if it is at most {@link #MAX_INLINE_BYTES}. */
    static Optional<String> inline(Path file) throws IOException {
        if (Files.size(file) > MAX_INLINE_BYTES) {
            return Optional.empty();
        }
        return Optional.of(Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
    }
}
