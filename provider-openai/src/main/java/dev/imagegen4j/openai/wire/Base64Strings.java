package dev.imagegen4j.openai.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Decodes the characters of one JSON string of base64 as they arrive, chunk by chunk, straight from the
 * network buffers: a word-at-a-time scan finds the closing quote or a backslash, clean runs are copied in
 * bulk into a block that {@link java.util.Base64} decodes (its intrinsic is many times faster than any
 * byte loop), and JSON escapes ({@code \/}, backslash-u escapes, escaped line breaks of MIME-style base64) are
 * undone on the way. No {@code String} of the image exists and the only buffers are a pooled
 * {@link Scratch}. Not thread-safe: one instance per string.
 */
final class Base64Strings {

    /** Block size: a multiple of 4 characters, small enough to stay in the CPU cache. */
    static final int STAGE = 16 * 1024;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final byte[] VALUES = new byte[256];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    /**
     * The reusable buffers of one body at a time: a base64 block, its decoded bytes, and a copy of a network
     * buffer (the HTTP client hands out read-only buffers).
     */
    static final class Scratch {
        final byte[] stage = new byte[STAGE];
        final byte[] decoded = new byte[STAGE / 4 * 3];
        final byte[] copy = new byte[STAGE];
    }

    /** A small pool of {@link Scratch}es, so that a call allocates none once the pool is warm. Thread-safe. */
    static final class ScratchPool {
        private final ArrayBlockingQueue<Scratch> free = new ArrayBlockingQueue<>(8);

        Scratch acquire() {
            Scratch s = free.poll();
            return s != null ? s : new Scratch();
        }

        void release(Scratch s) {
            if (s != null) {
                free.offer(s);
            }
        }
    }

    /** The image is larger than the configured cap. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("the image is larger than the cap of " + max + " bytes (max-image-bytes)");
        }
    }

    /** A malformed string: not base64, or a bad escape. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final OutputStream out;
    private final Scratch scratch;
    private final long max;
    private int fill;
    private long total;
    private int escape = -1; // -1 none; 0 after '\'; 1..4 hex digits of a backslash-u escape read so far
    private int unicode;

    /**
     * @param out     where decoded bytes go
     * @param scratch the buffers to use (owned by the caller, who must not share it while this decodes)
     * @param max     the most decoded bytes allowed
     */
    Base64Strings(OutputStream out, Scratch scratch, long max) {
        this.out = out;
        this.scratch = scratch;
        this.max = max;
    }

    /**
     * Consumes {@code a[off, end)} up to the closing quote.
     *
     * @return the index of the closing quote (not consumed), or -1 when everything was consumed
     */
    int feed(byte[] a, int off, int end) throws IOException {
        int i = off;
        while (i < end) {
            if (escape >= 0) {
                escaped(a[i++]);
                continue;
            }
            int stop = scan(a, i, end);
            copy(a, i, stop);
            if (stop == end) {
                return -1;
            }
            if (a[stop] == '"') {
                return stop;
            }
            escape = 0; // a backslash
            i = stop + 1;
        }
        return -1;
    }

    /**
     * Like {@link #feed(byte[], int, int)}, reading straight from a network buffer (absolute positions, any
     * byte order), so that a read-only buffer needs no copy before the block copy.
     */
    int feed(ByteBuffer b, int off, int end) throws IOException {
        int i = off;
        while (i < end) {
            if (escape >= 0) {
                escaped(b.get(i++));
                continue;
            }
            int stop = scan(b, i, end);
            copy(b, i, stop);
            if (stop == end) {
                return -1;
            }
            if (b.get(stop) == '"') {
                return stop;
            }
            escape = 0;
            i = stop + 1;
        }
        return -1;
    }

    /**
     * {@link #scan(byte[], int, int)} over a buffer of either byte order: a word with a hit is searched byte by
     * byte (a word has a hit only when one of its bytes really is a quote or a backslash), so the order of the
     * word's bytes never matters and the network buffer needs no little-endian duplicate.
     */
    static int scan(ByteBuffer b, int i, int end) {
        while (i + 32 <= end) {
            if ((special(b.getLong(i)) | special(b.getLong(i + 8)) | special(b.getLong(i + 16))
                    | special(b.getLong(i + 24))) != 0) {
                break;
            }
            i += 32;
        }
        while (i + 8 <= end && special(b.getLong(i)) == 0) {
            i += 8;
        }
        while (i < end && b.get(i) != '"' && b.get(i) != '\\') {
            i++;
        }
        return i;
    }

    private void copy(ByteBuffer b, int from, int to) throws IOException {
        byte[] stage = scratch.stage;
        while (from < to) {
            int n = Math.min(to - from, STAGE - fill);
            b.get(from, stage, fill, n);
            fill += n;
            from += n;
            if (fill == STAGE) {
                flush();
            }
        }
    }

    /** The first index in {@code [i, end)} holding {@code "} or {@code \}, or {@code end}: 8 bytes per step. */
    static int scan(byte[] a, int i, int end) {
        while (i + 32 <= end) {
            long v0 = (long) LONGS.get(a, i);
            long v1 = (long) LONGS.get(a, i + 8);
            long v2 = (long) LONGS.get(a, i + 16);
            long v3 = (long) LONGS.get(a, i + 24);
            if ((special(v0) | special(v1) | special(v2) | special(v3)) != 0) {
                break;
            }
            i += 32;
        }
        while (i + 8 <= end) {
            long v = (long) LONGS.get(a, i);
            long q = v ^ QUOTES;
            long b = v ^ BACKSLASHES;
            long hit = ((q - ONES) & ~q | (b - ONES) & ~b) & HIGHS;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            i += 8;
        }
        while (i < end && a[i] != '"' && a[i] != '\\') {
            i++;
        }
        return i;
    }

    /** Non-zero when a byte of {@code v} is a quote or a backslash (the high bit of that byte, and maybe above). */
    private static long special(long v) {
        long q = v ^ QUOTES;
        long b = v ^ BACKSLASHES;
        return ((q - ONES) & ~q | (b - ONES) & ~b) & HIGHS;
    }

    private void copy(byte[] a, int from, int to) throws IOException {
        byte[] stage = scratch.stage;
        while (from < to) {
            int n = Math.min(to - from, STAGE - fill);
            System.arraycopy(a, from, stage, fill, n);
            fill += n;
            from += n;
            if (fill == STAGE) {
                flush();
            }
        }
    }

    private void escaped(byte c) throws IOException {
        if (escape == 0) {
            switch (c) {
                case '/':
                case '\\':
                case '"':
                    add(c);
                    escape = -1;
                    return;
                case 'n':
                case 'r':
                case 't':
                    escape = -1; // line breaks of MIME-style base64: not data
                    return;
                case 'u':
                    escape = 1;
                    unicode = 0;
                    return;
                default:
                    throw new Malformed("unexpected escape \\" + (char) (c & 0xff) + " in base64 image data");
            }
        }
        int digit = Character.digit(c & 0xff, 16);
        if (digit < 0) {
            throw new Malformed("bad unicode escape in base64 image data");
        }
        unicode = unicode * 16 + digit;
        if (++escape == 5) {
            escape = -1;
            if (unicode > ' ') {
                add((byte) unicode);
            }
        }
    }

    private void add(byte c) throws IOException {
        scratch.stage[fill++] = c;
        if (fill == STAGE) {
            flush();
        }
    }

    private void flush() throws IOException {
        int n;
        try {
            n = Base64.getDecoder().decode(scratch.stage, scratch.decoded);
        } catch (IllegalArgumentException e) {
            throw new Malformed("the image data is not valid base64: " + e.getMessage());
        }
        emit(n);
        fill = 0;
    }

    private void emit(int n) throws IOException {
        if (total + n > max) {
            throw new TooLarge(max);
        }
        out.write(scratch.decoded, 0, n);
        total += n;
    }

    /** Decodes what is left after the closing quote was found; the number of decoded bytes in all. */
    long finish() throws IOException {
        if (escape >= 0) {
            throw new Malformed("the base64 image data ends inside an escape");
        }
        if (fill > 0) {
            emit(decodeTail(scratch.stage, fill, scratch.decoded));
            fill = 0;
        }
        return total;
    }

    private static Malformed illegal(byte[] src, int from, int to) {
        for (int i = from; i < to; i++) {
            if (VALUES[src[i] & 0xff] < 0) {
                return new Malformed("the image data is not valid base64: illegal character "
                        + Integer.toHexString(src[i] & 0xff));
            }
        }
        return new Malformed("the image data is not valid base64");
    }

    /**
     * Decodes the last {@code len} (< one block) characters as {@link Base64#getDecoder()} would: padding
     * optional, nothing after it, no stray characters.
     */
    static int decodeTail(byte[] src, int len, byte[] dst) throws Malformed {
        int end = len;
        if (end > 0 && src[end - 1] == '=') {
            end--;
            if (end > 0 && src[end - 1] == '=') {
                end--;
            }
            if (len % 4 != 0) {
                throw new Malformed("the image data is not valid base64: misplaced padding");
            }
        }
        if (end % 4 == 1) {
            throw new Malformed("the image data is not valid base64: a single character is left over");
        }
        int o = 0;
        int i = 0;
        int quads = end & ~3;
        while (i < quads) {
            int v = VALUES[src[i] & 0xff] << 18 | VALUES[src[i + 1] & 0xff] << 12 | VALUES[src[i + 2] & 0xff] << 6
                    | VALUES[src[i + 3] & 0xff];
            if (v < 0) {
                throw illegal(src, i, i + 4);
            }
            dst[o++] = (byte) (v >> 16);
            dst[o++] = (byte) (v >> 8);
            dst[o++] = (byte) v;
            i += 4;
        }
        int left = end - i;
        if (left > 0) {
            int v = 0;
            for (int k = 0; k < left; k++) {
                int d = VALUES[src[i + k] & 0xff];
                if (d < 0) {
                    throw illegal(src, i, end);
                }
                v = v << 6 | d;
            }
            if (left == 2) {
                dst[o++] = (byte) (v >> 4);
            } else {
                dst[o++] = (byte) (v >> 10);
                dst[o++] = (byte) (v >> 2);
            }
        }
        return o;
    }
}
