package dev.imagegen4j.testkit;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SVG document the emulator answers for {@code output_format=svg}: {@code width}, {@code height} and
 * {@code viewBox} of the requested size, a background {@code rect} coloured from the prompt, the size and the
 * prompt as {@code text} lines, and an "imagegen4j emulator" note. Stateless.
 */
final class SvgPlaceholder {

    private static final int CHARS_PER_LINE = 48;
    private static final int MAX_LINES = 12;

    private SvgPlaceholder() {
    }

    static String document(int width, int height, String prompt, String label) {
        Color c = Color.getHSBColor((prompt.hashCode() & 0xff) / 255f, 0.45f, 0.6f);
        int font = Math.max(10, Math.min(width, height) / 24);
        int margin = Math.max(4, width / 20);
        StringBuilder sb = new StringBuilder(512 + prompt.length() * 2);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        sb.append("  <title>imagegen4j emulator placeholder</title>\n");
        sb.append("  <rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"").append(String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff))
                .append("\"/>\n");
        int y = margin + font;
        text(sb, margin, y, font, "bold", width + "x" + height + " svg" + (label.isEmpty() ? "" : "  " + label));
        for (String line : lines(prompt)) {
            y += font + font / 3;
            if (y > height - 2 * font) {
                break;
            }
            text(sb, margin, y, font, "normal", line);
        }
        text(sb, margin, height - font / 2, Math.max(8, font * 2 / 3), "bold", ImageRenderer.BAND_TEXT);
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void text(StringBuilder sb, int x, int y, int size, String weight, String content) {
        sb.append("  <text x=\"").append(x).append("\" y=\"").append(y).append("\" font-family=\"sans-serif\" ")
                .append("font-size=\"").append(size).append("\" font-weight=\"").append(weight)
                .append("\" fill=\"#ffffff\">").append(escape(content)).append("</text>\n");
    }

    private static List<String> lines(String prompt) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : prompt.split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > CHARS_PER_LINE) {
                lines.add(line.toString());
                line.setLength(0);
                if (lines.size() == MAX_LINES) {
                    return lines;
                }
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** XML-escapes text and drops characters XML 1.0 cannot carry. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&apos;"); break;
                default:
                    boolean legal = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                            || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
                    if (legal) {
                        out.appendCodePoint(cp);
                    }
            }
        });
        return out.toString();
    }
}
