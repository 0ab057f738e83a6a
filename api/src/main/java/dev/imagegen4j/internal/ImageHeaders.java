package dev.imagegen4j.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the type and pixel dimensions of PNG, JPEG and WebP images from their headers, without
 * decoding them (a 50 MB reference image costs a few hundred bytes of reading).
 */
public final class ImageHeaders {

    /** What the header says: MIME type, width and height. */
    public static final class Info {
        private final String mimeType;
        private final int width;
        private final int height;

        Info(String mimeType, int width, int height) {
            this.mimeType = mimeType;
            this.width = width;
            this.height = height;
        }

        /** {@code image/png}, {@code image/jpeg} or {@code image/webp}. */
        public String mimeType() {
            return mimeType;
        }

        /** Width in pixels. */
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

    /** Reads the header of the image in {@code bytes}; empty when it is not a PNG, JPEG or WebP image. */
    public static Optional<Info> read(byte[] bytes) {
        try {
            return read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the header of the image in {@code in} (which it does not close); empty when it is not a
     * PNG, JPEG or WebP image or the header is cut short.
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
        return w > 0 && h > 0 ? Optional.of(new Info("image/png", w, h)) : Optional.empty();
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
                return Optional.of(new Info("image/webp", w, h));
            }
            case "VP8L": {
                if (d.readUnsignedByte() != 0x2f) {
                    return Optional.empty();
                }
                long bits = (d.readUnsignedByte()) | (d.readUnsignedByte() << 8) | (d.readUnsignedByte() << 16)
                        | ((long) d.readUnsignedByte() << 24);
                int w = (int) (bits & 0x3fff) + 1;
                int h = (int) ((bits >> 14) & 0x3fff) + 1;
                return Optional.of(new Info("image/webp", w, h));
            }
            case "VP8X": {
                d.skipNBytes(4); // flags + reserved
                int w = le24(d) + 1;
                int h = le24(d) + 1;
                return Optional.of(new Info("image/webp", w, h));
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
