package dev.imagegen4j.openai.wire;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.internal.ImageHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where decoded images go: a right-sized array in memory, or the request's {@link ImageSink}. A sink is
 * opened only once the first bytes tell the real format (so the file gets the right extension), and the
 * first bytes are kept to read the dimensions (64 for PNG and WebP, up to 64 KiB for JPEG); nothing else of
 * the image is held.
 */
final class ImageTargets {

    private static final int HEADER_BYTES = 64 * 1024;

    private final ImageSink sink;
    private final int indexOffset;
    private final OutputFormat expected;

    ImageTargets(ImageSink sink, int indexOffset, OutputFormat expected) {
        this.sink = sink;
        this.indexOffset = indexOffset;
        this.expected = expected;
    }

    /**
     * Opens the target of image {@code index} of this call.
     *
     * @param sizeHint an upper bound of the decoded size when known (from Content-Length), else -1
     */
    Target open(int index, long sizeHint) {
        return sink == null ? new MemoryTarget(index + indexOffset, sizeHint, expected)
                : new SinkTarget(sink, index + indexOffset, expected);
    }

    /** An in-memory target regardless of the sink (partial images). */
    static MemoryTarget memory(long sizeHint, OutputFormat expected) {
        return new MemoryTarget(0, sizeHint, expected);
    }

    /** The format the magic bytes say, if recognised. */
    static Optional<OutputFormat> sniff(byte[] b, int len) {
        if (len >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return Optional.of(OutputFormat.PNG);
        }
        if (len >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of(OutputFormat.JPEG);
        }
        if (len >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return Optional.of(OutputFormat.WEBP);
        }
        if (len >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return Optional.of(OutputFormat.GIF);
        }
        if (len >= 4 && (b[0] == '<' || (b[0] & 0xff) == 0xEF) && new String(b, 0, Math.min(len, 256),
                java.nio.charset.StandardCharsets.UTF_8).contains("<svg")) {
            return Optional.of(OutputFormat.SVG);
        }
        return Optional.empty();
    }

    /** One image being decoded. */
    abstract static class Target extends OutputStream {
        final int index;
        long count;

        Target(int index) {
            this.index = index;
        }

        /** Completes the image and describes it. */
        abstract GeneratedImage.Builder finish() throws IOException;

        /** Discards an incomplete image. */
        abstract void abort();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    /**
     * Decodes into one array. The array is never sized from a declared length alone: until a 32nd of the
     * hint (the size the response's {@code Content-Length} allows this image) has really arrived, the bytes
     * are staged in 64 KiB chunks; then one array of the hinted size is allocated and the chunks are copied
     * in once. A truthful length so costs one right-sized array plus a 32nd, while a lying one (a tiny body
     * declaring gigabytes) allocates at most 32 times what was received. Without a hint, or past it, the
     * array grows by half; an array left with more than a sixteenth unused is trimmed when the image is
     * complete.
     */
    static final class MemoryTarget extends Target {
        private static final int FIRST = 8 * 1024;
        private static final int CHUNK = 64 * 1024;
        private static final int TRUST = 32;
        private final OutputFormat expected;
        private final long hint;
        private byte[] buf;
        private int len;
        private java.util.List<byte[]> staged;

        MemoryTarget(int index, long sizeHint, OutputFormat expected) {
            super(index);
            this.expected = expected;
            this.hint = Math.min(sizeHint, Integer.MAX_VALUE - 16L);
        }

        @Override
        public void write(byte[] b, int off, int n) {
            if (buf != null && len + n <= buf.length) {
                System.arraycopy(b, off, buf, len, n);
            } else if (buf == null && hint > 0 && (long) (len + n) * TRUST < hint) {
                stage(b, off, n);
            } else {
                grow((long) len + n, false);
                System.arraycopy(b, off, buf, len, n);
            }
            len += n;
            count += n;
        }

        private void stage(byte[] b, int off, int n) {
            if (staged == null) {
                staged = new java.util.ArrayList<>();
            }
            int at = len;
            while (n > 0) {
                int inChunk = at % CHUNK;
                if (inChunk == 0) {
                    staged.add(new byte[CHUNK]);
                }
                int k = Math.min(n, CHUNK - inChunk);
                System.arraycopy(b, off, staged.get(staged.size() - 1), inChunk, k);
                at += k;
                off += k;
                n -= k;
            }
        }

        private void grow(long needed, boolean exact) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("image over 2 GiB cannot be held in memory; use a sink");
            }
            int current = buf == null ? 0 : buf.length;
            long next = exact ? needed : hint > 0 && needed <= hint ? hint
                    : Math.max(needed, Math.max(FIRST, current + (current >> 1)));
            next = Math.min(next, Integer.MAX_VALUE - 16L);
            byte[] grown = new byte[(int) next];
            if (buf != null) {
                System.arraycopy(buf, 0, grown, 0, len);
            } else if (staged != null) {
                int at = 0;
                for (byte[] c : staged) {
                    int k = Math.min(CHUNK, len - at);
                    System.arraycopy(c, 0, grown, at, k);
                    at += k;
                }
                staged = null;
            }
            buf = grown;
        }

        private void settle() {
            if (buf == null && len > 0) {
                grow(len, true); // the image ended while still staged: one exact array
            }
        }

        byte[] array() {
            settle();
            return buf == null ? new byte[0] : Arrays.copyOf(buf, len);
        }

        int length() {
            return len;
        }

        byte[] buffer() {
            settle();
            return buf == null ? new byte[0] : buf;
        }

        @Override
        GeneratedImage.Builder finish() {
            byte[] b = buffer();
            if (b.length - len > Math.max(4096, len >> 4)) {
                b = Arrays.copyOf(b, len);
                buf = b;
            }
            OutputFormat format = sniff(b, len).orElse(expected);
            GeneratedImage.Builder builder = GeneratedImage.builder().index(index).bytes(b, len).format(format);
            dimensions(b, len).ifPresent(h -> builder.dimensions(h.width(), h.height()));
            return builder;
        }

        @Override
        void abort() {
            buf = null;
            staged = null;
            len = 0;
        }
    }

    private static Optional<ImageHeaders.Info> dimensions(byte[] b, int len) {
        try {
            return ImageHeaders.read(new java.io.ByteArrayInputStream(b, 0, Math.min(len, HEADER_BYTES)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Streams into the request's sink; opens it once the format is known. */
    static final class SinkTarget extends Target {
        private final ImageSink sink;
        private final OutputFormat expected;
        private byte[] header = new byte[64];
        private int headerLen;
        private int headerLimit = 64;
        private ImageSink.Target target;
        private OutputFormat format;

        SinkTarget(ImageSink sink, int index, OutputFormat expected) {
            super(index);
            this.sink = sink;
            this.expected = expected;
        }

        @Override
        public void write(byte[] b, int off, int n) throws IOException {
            int k = 0;
            if (headerLen < headerLimit) {
                if (headerLen >= 3 && (header[0] & 0xff) == 0xFF && (header[1] & 0xff) == 0xD8) {
                    headerLimit = HEADER_BYTES; // a JPEG's dimensions may sit after large metadata segments
                }
                k = Math.min(n, headerLimit - headerLen);
                if (headerLen + k > header.length) {
                    header = Arrays.copyOf(header, Math.max(headerLen + k, Math.min(headerLimit, 2 * header.length)));
                }
                System.arraycopy(b, off, header, headerLen, k);
                headerLen += k;
            }
            count += n;
            if (target != null) {
                target.stream().write(b, off, n);
                return;
            }
            if (headerLen < 16) {
                return; // every byte so far is in the header; wait until the format can be told
            }
            openTarget();
            target.stream().write(header, 0, headerLen);
            if (n > k) {
                target.stream().write(b, off + k, n - k);
            }
        }

        private void openTarget() throws IOException {
            format = sniff(header, headerLen).orElse(expected);
            target = sink.open(index, format);
        }

        @Override
        GeneratedImage.Builder finish() throws IOException {
            if (target == null) {
                openTarget();
                target.stream().write(header, 0, headerLen);
            }
            Optional<Path> file = target.commit();
            GeneratedImage.Builder b = GeneratedImage.builder().index(index).format(format);
            if (file.isPresent()) {
                b.file(file.get(), count);
            } else {
                b.sizeBytes(count);
            }
            dimensions(header, headerLen).ifPresent(h -> b.dimensions(h.width(), h.height()));
            return b;
        }

        @Override
        void abort() {
            if (target != null) {
                target.abort();
            }
        }
    }
}
