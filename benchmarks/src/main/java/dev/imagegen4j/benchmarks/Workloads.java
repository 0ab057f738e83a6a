package dev.imagegen4j.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Workload names and facts about a response body: where each base64 image is, how many bytes it decodes
 * to, and a digest of the decoded images that every client's result is checked against.
 *
 * <p>Names: {@code WIDTHxHEIGHT} (a real PNG rendered by the emulator at that size, one image),
 * {@code <k>KiB}/{@code <k>MiB} (the emulator's synthetic payload: one image of exactly that many
 * pseudo-random bytes), {@code n<N>x<k>MiB} (N synthetic images of that size in one response),
 * {@code tiny} (one synthetic 1 KiB image: the heap baseline), {@code concurrent<N>} (heap only: N
 * concurrent 1024x1024 generations, see {@link Runner}) and {@code upload<C>x<M>MB} (heap only: one
 * edit uploading C files of M MB).
 */
final class Workloads {

    private static final byte[] KEY = "\"b64_json\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SYNTHETIC = Pattern.compile("(?:n(\\d+)x)?(\\d+)(KiB|MiB)");
    private static final Pattern RENDERED = Pattern.compile("\\d+x\\d+");
    private static final Pattern CONCURRENT = Pattern.compile("concurrent(\\d+)");

    private Workloads() {
    }

    /** What the server asks the emulator for: images per response and, if synthetic, bytes per image. */
    static final class Spec {
        final int n;
        /** Decoded bytes per image, or -1 for a rendered PNG of {@link #size}. */
        final long syntheticBytes;
        final String size;

        Spec(int n, long syntheticBytes, String size) {
            this.n = n;
            this.syntheticBytes = syntheticBytes;
            this.size = size;
        }
    }

    /**
     * The spec of a generation workload.
     *
     * @throws IllegalArgumentException naming the accepted forms, for anything else
     */
    static Spec spec(String workload) {
        if (workload.equals("tiny")) {
            return new Spec(1, 1024, "1024x1024");
        }
        if (RENDERED.matcher(workload).matches()) {
            return new Spec(1, -1, workload);
        }
        Matcher m = SYNTHETIC.matcher(workload);
        if (m.matches()) {
            int n = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
            long unit = m.group(3).equals("KiB") ? 1024L : 1024L * 1024L;
            if (n < 1 || n > 10) {
                throw new IllegalArgumentException("workload " + workload + ": n must be 1..10 (the emulator's "
                        + "gpt-image maximum), was " + n);
            }
            return new Spec(n, Long.parseLong(m.group(2)) * unit, "1024x1024");
        }
        throw new IllegalArgumentException("unknown workload '" + workload + "'; expected tiny, WIDTHxHEIGHT "
                + "(e.g. 1024x1024), <k>KiB, <k>MiB (e.g. 12MiB) or n<N>x<k>MiB (e.g. n10x1MiB)");
    }

    /** The number of images a generation workload's response carries (1 for any other name). */
    static int imagesOf(String workload) {
        try {
            return spec(workload).n;
        } catch (IllegalArgumentException e) {
            return 1;
        }
    }

    /** N of {@code concurrent<N>}, or -1. */
    static int concurrency(String workload) {
        Matcher m = CONCURRENT.matcher(workload);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The image size a client should ask for (only rendered workloads have a meaningful one). */
    static String sizeOf(String workload) {
        return RENDERED.matcher(workload).matches() ? workload : "1024x1024";
    }

    /** {@code {offset, length}} of every {@code b64_json} string value (without quotes), in order. */
    static List<int[]> b64Regions(byte[] body) {
        List<int[]> regions = new ArrayList<>();
        int from = 0;
        while (true) {
            int k = indexOf(body, KEY, from);
            if (k < 0) {
                break;
            }
            int i = k + KEY.length;
            while (i < body.length && body[i] != '"') {
                i++;
            }
            int start = i + 1;
            int end = start;
            while (end < body.length && body[end] != '"') {
                if (body[end] == '\\') {
                    throw new IllegalArgumentException("b64_json with an escape at byte " + end
                            + ": the floors assume plain base64, as OpenAI sends it");
                }
                end++;
            }
            if (end >= body.length) {
                throw new IllegalArgumentException("unterminated b64_json string at byte " + start);
            }
            regions.add(new int[] {start, end - start});
            from = end + 1;
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("no b64_json in the body");
        }
        return regions;
    }

    /** The decoded length of a base64 run ({@code =} padding allowed). */
    static long decodedLength(byte[] body, int off, int len) {
        int pad = 0;
        if (len > 0 && body[off + len - 1] == '=') {
            pad++;
            if (len > 1 && body[off + len - 2] == '=') {
                pad++;
            }
        }
        return (long) len / 4 * 3 - pad + (len % 4 == 0 ? 0 : (len % 4) - 1);
    }

    /** The decoded length of all the body's images together. */
    static long decodedLength(byte[] body) {
        long total = 0;
        for (int[] r : b64Regions(body)) {
            total += decodedLength(body, r[0], r[1]);
        }
        return total;
    }

    /** The digest of the body's images, decoded with {@code java.util.Base64}. */
    static Digest digestOf(byte[] body) {
        Digest d = new Digest();
        for (int[] r : b64Regions(body)) {
            d.add(Base64.getDecoder().decode(ByteBuffer.wrap(body, r[0], r[1])));
        }
        return d;
    }

    /**
     * Images, bytes and CRC-32 of decoded images taken in order: what every client must produce from a
     * workload before its figures count (so a faster but wrong decoder fails the run instead of winning it).
     */
    static final class Digest {
        private final CRC32 crc = new CRC32();
        private int images;
        private long bytes;

        /** Adds one image (reads the buffer's remaining bytes without moving its position). */
        Digest add(ByteBuffer image) {
            ByteBuffer b = image.duplicate();
            bytes += b.remaining();
            crc.update(b);
            images++;
            return this;
        }

        /** Adds one image read from {@code in} to its end, through {@code buffer}. */
        Digest addStream(java.io.InputStream in, byte[] buffer) throws java.io.IOException {
            int r;
            while ((r = in.read(buffer)) > 0) {
                crc.update(buffer, 0, r);
                bytes += r;
            }
            images++;
            return this;
        }

        /** Adds one image held in an array. */
        Digest add(byte[] image) {
            return add(ByteBuffer.wrap(image));
        }

        int images() {
            return images;
        }

        long bytes() {
            return bytes;
        }

        /** {@code images:bytes:crc32hex}, the form the server publishes and results compare. */
        @Override
        public String toString() {
            return images + ":" + bytes + ":" + Long.toHexString(crc.getValue()).toLowerCase(Locale.ROOT);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
