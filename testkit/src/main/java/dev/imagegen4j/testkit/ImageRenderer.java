package dev.imagegen4j.testkit;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders the placeholder images: a gradient background whose colours derive from the prompt, the prompt
 * text and the size, encoded as PNG, JPEG or WebP of exactly the requested dimensions. Text rendering is
 * best effort: on a machine without fonts the image is produced without text. Encoded images are cached
 * (LRU, bounded by total bytes). Thread-safe.
 */
final class ImageRenderer {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final long CACHE_BYTES = 64L * 1024 * 1024;

    private final Map<String, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedBytes;
    private volatile boolean fontsBroken;

    /**
     * @param format {@code png}, {@code jpeg} or {@code webp}
     * @param transparent whether the background is transparent (ARGB; not for jpeg)
     * @param compression 0..100 as sent in {@code output_compression}; used for jpeg and webp quality
     * @param label a short extra line such as {@code "partial 1/3"}; may be empty
     */
    byte[] render(int width, int height, String format, boolean transparent, int compression, String prompt,
            String label) {
        String key = width + "x" + height + "|" + format + "|" + transparent + "|" + compression + "|"
                + prompt.hashCode() + "|" + prompt.length() + "|" + label;
        synchronized (cache) {
            byte[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] encoded = encode(draw(width, height, transparent, prompt, label), format, compression);
        synchronized (cache) {
            if (encoded.length < CACHE_BYTES / 4 && cache.putIfAbsent(key, encoded) == null) {
                cachedBytes += encoded.length;
                Iterator<Map.Entry<String, byte[]>> it = cache.entrySet().iterator();
                while (cachedBytes > CACHE_BYTES && it.hasNext()) {
                    cachedBytes -= it.next().getValue().length;
                    it.remove();
                }
            }
        }
        return encoded;
    }

    private BufferedImage draw(int width, int height, boolean transparent, String prompt, String label) {
        BufferedImage img = new BufferedImage(width, height,
                transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            int h = prompt.hashCode();
            Color a = Color.getHSBColor((h & 0xff) / 255f, 0.45f, 0.85f);
            Color b = Color.getHSBColor(((h >>> 8) & 0xff) / 255f, 0.55f, 0.45f);
            if (transparent) {
                a = new Color(a.getRed(), a.getGreen(), a.getBlue(), 0);
                b = new Color(b.getRed(), b.getGreen(), b.getBlue(), 200);
            }
            g.setPaint(new GradientPaint(0, 0, a, width, height, b));
            g.fillRect(0, 0, width, height);
            if (!fontsBroken) {
                try {
                    drawText(g, width, height, prompt, label);
                } catch (Throwable noFonts) { // fontconfig errors surface as Errors on some machines
                    fontsBroken = true;
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawText(Graphics2D g, int width, int height, String prompt, String label) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int fontSize = Math.max(10, Math.min(width, height) / 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize));
        g.setColor(Color.WHITE);
        int margin = Math.max(4, width / 20);
        int y = margin + fontSize;
        g.drawString(width + "x" + height + (label.isEmpty() ? "" : "  " + label), margin, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        int maxWidth = width - 2 * margin;
        StringBuilder line = new StringBuilder();
        String text = prompt.length() > 600 ? prompt.substring(0, 600) + "..." : prompt;
        for (String word : text.split("\\s+")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (g.getFontMetrics().stringWidth(candidate) > maxWidth && line.length() > 0) {
                y += fontSize + fontSize / 3;
                if (y > height - margin) {
                    return;
                }
                g.drawString(line.toString(), margin, y);
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0 && y + fontSize + fontSize / 3 <= height - margin) {
            g.drawString(line.toString(), margin, y + fontSize + fontSize / 3);
        }
    }

    private static byte[] encode(BufferedImage img, String format, int compression) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format
                    + " (WebP needs com.github.usefulness:webp-imageio on the class path)");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(4096, img.getWidth() * img.getHeight() / 8));
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                String[] types = param.getCompressionTypes();
                if (types != null && types.length > 0) {
                    param.setCompressionType(format.equals("webp") ? "Lossy" : types[0]);
                }
                float quality = format.equals("png") ? 0.9f : Math.max(0.05f, Math.min(1f, compression / 100f));
                param.setCompressionQuality(quality);
            }
            if (param instanceof com.luciad.imageio.webp.WebPWriteParam) {
                ((com.luciad.imageio.webp.WebPWriteParam) param).setMethod(0); // fastest encoder effort
            }
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a " + format + " image failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
