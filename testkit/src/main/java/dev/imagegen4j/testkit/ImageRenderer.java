package dev.imagegen4j.testkit;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders the placeholder images of exactly the requested size and format: PNG, JPEG or WebP rasters, animated
 * GIFs ({@link AnimatedGif}) and SVG documents ({@link SvgPlaceholder}). A generation is a gradient whose colours
 * derive from the prompt; an edit or variation draws the first input image scaled as the background, tints the
 * area the mask marks for editing (transparent mask pixels) and draws the markup overlay on top. Every raster
 * carries the size, the prompt text and a dark band at the bottom saying it comes from the emulator (the band is
 * drawn even where fonts are missing; text is best effort). Generation rasters are cached (LRU, bounded by
 * bytes). Thread-safe.
 */
final class ImageRenderer {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final long CACHE_BYTES = 64L * 1024 * 1024;
    /** The colour mixed into the area a mask marks for editing. */
    static final Color MASK_TINT = new Color(255, 0, 255, 120);
    static final String BAND_TEXT = "imagegen4j emulator - placeholder, not a generated image";

    private final Map<String, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedBytes;
    private volatile boolean fontsBroken;

    /**
     * The encoded image (or SVG document) for {@code job}.
     *
     * @param label a short extra line such as {@code "partial 1/3"} or {@code "#2"}; may be empty
     */
    byte[] render(ImageJob job, String label) {
        String fullLabel = job.complexity == null ? label : (label.isEmpty() ? "" : label + "  ")
                + "complexity " + job.complexity;
        switch (job.format) {
            case "svg":
                return SvgPlaceholder.document(job.width, job.height, job.prompt, fullLabel)
                        .getBytes(StandardCharsets.UTF_8);
            case "gif": {
                List<BufferedImage> frames = new ArrayList<>(job.frames);
                for (int i = 0; i < job.frames; i++) {
                    frames.add(draw(job, fullLabel + (fullLabel.isEmpty() ? "" : "  ") + "frame " + (i + 1) + "/"
                            + job.frames, i));
                }
                return AnimatedGif.encode(frames, job.frameMillis);
            }
            default:
                if (isEdit(job)) {
                    return encode(draw(job, fullLabel, -1), job.format, job.compression);
                }
                return cached(job, fullLabel);
        }
    }

    private static boolean isEdit(ImageJob job) {
        return job.firstImage != null || job.mask != null || job.markup != null;
    }

    private byte[] cached(ImageJob job, String label) {
        String key = job.width + "x" + job.height + "|" + job.format + "|" + job.transparent() + "|"
                + job.compression + "|" + job.prompt.hashCode() + "|" + job.prompt.length() + "|" + label;
        synchronized (cache) {
            byte[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] encoded = encode(draw(job, label, -1), job.format, job.compression);
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

    /** Draws one raster; {@code frame} is the GIF frame index (a marker moves across frames), or -1. */
    private BufferedImage draw(ImageJob job, String label, int frame) {
        int width = job.width;
        int height = job.height;
        boolean transparent = job.transparent();
        BufferedImage img = new BufferedImage(width, height,
                transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int h = job.prompt.hashCode();
            Color a = Color.getHSBColor((h & 0xff) / 255f, 0.45f, 0.85f);
            Color b = Color.getHSBColor(((h >>> 8) & 0xff) / 255f, 0.55f, 0.45f);
            if (transparent) {
                a = new Color(a.getRed(), a.getGreen(), a.getBlue(), 0);
                b = new Color(b.getRed(), b.getGreen(), b.getBlue(), 200);
            }
            g.setPaint(new GradientPaint(0, 0, a, width, height, b));
            g.fillRect(0, 0, width, height);
            decodeInputs(job);
            BufferedImage base = job.baseImage;
            if (base != null) {
                g.setComposite(AlphaComposite.SrcOver);
                g.drawImage(base, 0, 0, width, height, null);
            }
            BufferedImage mask = job.maskOverlay;
            if (mask != null) {
                g.drawImage(mask, 0, 0, width, height, null);
            }
            if (job.markupImage != null) {
                g.drawImage(job.markupImage, 0, 0, width, height, null);
            }
            if (frame >= 0) {
                int d = Math.max(8, Math.min(width, height) / 8);
                int span = Math.max(1, job.frames - 1);
                int x = (int) ((long) (width - d) * frame / span);
                g.setColor(new Color(255, 255, 255, 220));
                g.fillOval(x, height / 2 - d / 2, d, d);
            }
            int band = Math.max(12, height / 14);
            g.setColor(new Color(0, 0, 0, 170));
            g.fillRect(0, height - band, width, band);
            if (!fontsBroken) {
                try {
                    String edit = base != null ? "  edit of " + job.inputSizes.size() + " image"
                            + (job.inputSizes.size() == 1 ? "" : "s") + (mask != null ? ", masked" : "") : "";
                    drawText(g, width, height - band, job.prompt, width + "x" + height + edit
                            + (label.isEmpty() ? "" : "  " + label));
                    drawBandText(g, width, height, band);
                } catch (Throwable noFonts) { // fontconfig errors surface as Errors on some machines
                    fontsBroken = true;
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** An overlay of the mask's size: {@link #MASK_TINT} where the mask is transparent (the area to edit). */
    static BufferedImage tint(BufferedImage mask) {
        int w = mask.getWidth();
        int h = mask.getHeight();
        int[] px = mask.getRGB(0, 0, w, h, null, 0, w);
        int tint = MASK_TINT.getRGB();
        for (int i = 0; i < px.length; i++) {
            px[i] = (px[i] >>> 24) < 128 ? tint : 0;
        }
        BufferedImage overlay = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        overlay.setRGB(0, 0, w, h, px, 0, w);
        return overlay;
    }

    /** Decodes the job's inputs once (partials and GIF frames reuse them). */
    private static void decodeInputs(ImageJob job) {
        if (job.inputsDecoded) {
            return;
        }
        job.baseImage = decode(job.firstImage);
        BufferedImage mask = decode(job.mask);
        job.maskOverlay = mask == null ? null : tint(mask);
        job.markupImage = decode(job.markup);
        job.inputsDecoded = true;
    }

    private static BufferedImage decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null; // validated already; an undecodable variant is drawn without it
        }
    }

    private static void drawBandText(Graphics2D g, int width, int height, int band) {
        int size = Math.max(9, band * 2 / 3);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        g.setColor(Color.WHITE);
        g.drawString(BAND_TEXT, Math.max(2, width / 40), height - (band - size) / 2 - size / 6);
    }

    private static void drawText(Graphics2D g, int width, int height, String prompt, String header) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int fontSize = Math.max(10, Math.min(width, height) / 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize));
        g.setColor(Color.WHITE);
        int margin = Math.max(4, width / 20);
        int y = margin + fontSize;
        g.drawString(header, margin, y);
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
