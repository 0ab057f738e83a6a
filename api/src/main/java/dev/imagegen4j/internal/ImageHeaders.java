package dev.imagegen4j.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the type, pixel dimensions and alpha channel of PNG, JPEG, WebP and GIF images from their headers, and
 * recognises SVG documents, without decoding them (a 50 MB reference image costs a few hundred bytes of reading).
 */
public final class ImageHeaders {

    /** What the header says: MIME type, width and height. */
    public static final class Info {
        private final String mimeType;
        private final int width;
        private final int height;
        private final Boolean alpha;

        Info(String mimeType, int width, int height) {
            this(mimeType, width, height, null);
        }

        Info(String mimeType, int width, int height, Boolean alpha) {
            this.mimeType = mimeType;
            this.width = width;
            this.height = height;
            this.alpha = alpha;
        }

        /** Whether the image has an alpha channel, when the header tells. */
        public Optional<Boolean> hasAlpha() {
            return Optional.ofNullable(alpha);
        }

        /** {@code image/png}, {@code image/jpeg}, {@code image/webp}, {@code image/gif} or {@code image/svg+xml}. */
        public String mimeType() {
            return mimeType;
        }

        /** Width in pixels (0 for an SVG document without a numeric width). */
        public int width() {
            return width;
        }

        /** Height in pixels. */
        public int height() {
            return height;
        }

        @Override
        public String toString() {
            return mimeType + " " + width + "x" + height;
        }
    }

    private ImageHeaders() {
    }

    /** Reads the header of the image in {@code bytes}; empty when it is not a recognised image. */
    public static Optional<Info> read(byte[] bytes) {
        try {
            return read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the header of the image in {@code in} (which it does not close); empty when it is not a
     * PNG, JPEG, WebP, GIF or SVG image or the header is cut short.
     */
    public static Optional<Info> read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] sig = new byte[12];
        int n = d.readNBytes(sig, 0, 12);
        try {
            if (n >= 8 && (sig[0] & 0xff) == 0x89 && sig[1] == 'P' && sig[2] == 'N' && sig[3] == 'G') {
                return png(d, sig);
            }
            if (n >= 3 && (sig[0] & 0xff) == 0xFF && (sig[1] & 0xff) == 0xD8 && (sig[2] & 0xff) == 0xFF) {
                return jpeg(d, sig, n);
            }
            if (n == 12 && sig[0] == 'R' && sig[1] == 'I' && sig[2] == 'F' && sig[3] == 'F'
                    && sig[8] == 'W' && sig[9] == 'E' && sig[10] == 'B' && sig[11] == 'P') {
                return webp(d);
            }
            if (n >= 10 && sig[0] == 'G' && sig[1] == 'I' && sig[2] == 'F' && sig[3] == '8'
                    && (sig[4] == '7' || sig[4] == '9') && sig[5] == 'a') {
                int w = (sig[6] & 0xff) | ((sig[7] & 0xff) << 8);
                int h = (sig[8] & 0xff) | ((sig[9] & 0xff) << 8);
                return w > 0 && h > 0 ? Optional.of(new Info("image/gif", w, h)) : Optional.empty();
            }
            if (n > 0 && looksLikeXml(sig, n)) {
                return svg(sig, n, d);
            }
        } catch (EOFException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Info> png(DataInputStream d, byte[] sig) throws IOException {
        // sig holds the 8-byte signature and the IHDR chunk length (4 bytes); next comes "IHDR".
        byte[] type = new byte[4];
        d.readFully(type);
        if (type[0] != 'I' || type[1] != 'H' || type[2] != 'D' || type[3] != 'R') {
            return Optional.empty();
        }
        int w = d.readInt();
        int h = d.readInt();
        if (w <= 0 || h <= 0) {
            return Optional.empty();
        }
        Boolean alpha = null;
        try {
            d.readUnsignedByte(); // bit depth
            int colorType = d.readUnsignedByte();
            d.skipNBytes(3 + 4); // compression, filter, interlace; CRC
            alpha = colorType == 4 || colorType == 6 ? Boolean.TRUE : pngHasTrns(d);
        } catch (EOFException cutShort) {
            // the header was read; whether there is transparency is not known from this prefix
        }
        return Optional.of(new Info("image/png", w, h, alpha));
    }

    /** Walks the chunks before the image data looking for a transparency chunk ({@code tRNS}). */
    private static Boolean pngHasTrns(DataInputStream d) throws IOException {
        for (int i = 0; i < 64; i++) {
            long len = d.readInt() & 0xffffffffL;
            byte[] type = new byte[4];
            d.readFully(type);
            String t = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
            if (t.equals("tRNS")) {
                return Boolean.TRUE;
            }
            if (t.equals("IDAT") || t.equals("IEND")) {
                return Boolean.FALSE;
            }
            d.skipNBytes(len + 4);
        }
        return null;
    }

    private static boolean looksLikeXml(byte[] sig, int n) {
        int i = 0;
        if (n >= 3 && (sig[0] & 0xff) == 0xEF && (sig[1] & 0xff) == 0xBB && (sig[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < n && Character.isWhitespace(sig[i])) {
            i++;
        }
        return i < n && sig[i] == '<';
    }

    private static final java.util.regex.Pattern SVG_TAG = java.util.regex.Pattern.compile("<svg\\b([^>]*)>",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern SVG_DIM = java.util.regex.Pattern.compile(
            "\\b(width|height)\\s*=\\s*[\"']\\s*(\\d+(?:\\.\\d+)?)\\s*(px)?\\s*[\"']");

    /** An SVG document: its root element within the first 4 KiB; numeric width/height attributes if present. */
    private static Optional<Info> svg(byte[] sig, int n, DataInputStream d) throws IOException {
        byte[] rest = d.readNBytes(4096);
        String head = new String(sig, 0, n, java.nio.charset.StandardCharsets.UTF_8)
                + new String(rest, java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher tag = SVG_TAG.matcher(head);
        if (!tag.find()) {
            return Optional.empty();
        }
        int w = 0;
        int h = 0;
        java.util.regex.Matcher m = SVG_DIM.matcher(tag.group(1));
        while (m.find()) {
            int v = (int) Math.round(Double.parseDouble(m.group(2)));
            if (m.group(1).equalsIgnoreCase("width")) {
                w = v;
            } else {
                h = v;
            }
        }
        return Optional.of(new Info("image/svg+xml", w, h, Boolean.TRUE));
    }

    /**
     * Counts the frames of a GIF image (its image descriptors), reading the whole stream; empty when it is not a
     * well-formed GIF.
     */
    public static java.util.OptionalInt gifFrames(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in, 8192));
        byte[] head = new byte[13];
        try {
            d.readFully(head);
            if (head[0] != 'G' || head[1] != 'I' || head[2] != 'F') {
                return java.util.OptionalInt.empty();
            }
            int flags = head[10] & 0xff;
            if ((flags & 0x80) != 0) {
                d.skipNBytes(3L * (1 << ((flags & 7) + 1)));
            }
            int frames = 0;
            while (true) {
                int block = d.readUnsignedByte();
                if (block == 0x3B) {
                    return java.util.OptionalInt.of(frames);
                }
                if (block == 0x21) {
                    d.readUnsignedByte(); // label
                    skipSubBlocks(d);
                } else if (block == 0x2C) {
                    frames++;
                    d.skipNBytes(8);
                    int f = d.readUnsignedByte();
                    if ((f & 0x80) != 0) {
                        d.skipNBytes(3L * (1 << ((f & 7) + 1)));
                    }
                    d.readUnsignedByte(); // LZW minimum code size
                    skipSubBlocks(d);
                } else {
                    return java.util.OptionalInt.empty();
                }
            }
        } catch (EOFException e) {
            return java.util.OptionalInt.empty();
        }
    }

    private static void skipSubBlocks(DataInputStream d) throws IOException {
        int len;
        while ((len = d.readUnsignedByte()) != 0) {
            d.skipNBytes(len);
        }
    }

    private static Optional<Info> jpeg(DataInputStream d, byte[] sig, int n) throws IOException {
        // Re-feed the bytes already read after SOI (offset 2) and walk the segments.
        InputStream rest = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(sig, 2, n - 2), d);
        DataInputStream s = new DataInputStream(rest);
        while (true) {
            int b = s.readUnsignedByte();
            if (b != 0xFF) {
                return Optional.empty();
            }
            int marker = s.readUnsignedByte();
            while (marker == 0xFF) {
                marker = s.readUnsignedByte();
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                return Optional.empty();
            }
            int len = s.readUnsignedShort();
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                s.readUnsignedByte(); // precision
                int h = s.readUnsignedShort();
                int w = s.readUnsignedShort();
                return w > 0 && h > 0 ? Optional.of(new Info("image/jpeg", w, h)) : Optional.empty();
            }
            s.skipNBytes(len - 2L);
        }
    }

    private static Optional<Info> webp(DataInputStream d) throws IOException {
        byte[] fourcc = new byte[4];
        d.readFully(fourcc);
        String kind = new String(fourcc, java.nio.charset.StandardCharsets.US_ASCII);
        d.skipNBytes(4); // chunk size
        switch (kind) {
            case "VP8 ": {
                d.skipNBytes(3); // frame tag
                if (d.readUnsignedByte() != 0x9d || d.readUnsignedByte() != 0x01 || d.readUnsignedByte() != 0x2a) {
                    return Optional.empty();
                }
                int w = le16(d) & 0x3fff;
                int h = le16(d) & 0x3fff;
                return Optional.of(new Info("image/webp", w, h, Boolean.FALSE));
            }
            case "VP8L": {
                if (d.readUnsignedByte() != 0x2f) {
                    return Optional.empty();
                }
                long bits = (d.readUnsignedByte()) | (d.readUnsignedByte() << 8) | (d.readUnsignedByte() << 16)
                        | ((long) d.readUnsignedByte() << 24);
                int w = (int) (bits & 0x3fff) + 1;
                int h = (int) ((bits >> 14) & 0x3fff) + 1;
                return Optional.of(new Info("image/webp", w, h, (bits >> 28 & 1) == 1));
            }
            case "VP8X": {
                int flags = d.readUnsignedByte();
                d.skipNBytes(3); // reserved
                int w = le24(d) + 1;
                int h = le24(d) + 1;
                return Optional.of(new Info("image/webp", w, h, (flags & 0x10) != 0));
            }
            default:
                return Optional.empty();
        }
    }

    private static int le16(DataInputStream d) throws IOException {
        return d.readUnsignedByte() | (d.readUnsignedByte() << 8);
    }

    private static int le24(DataInputStream d) throws IOException {
        return d.readUnsignedByte() | (d.readUnsignedByte() << 8) | (d.readUnsignedByte() << 16);
    }
}
