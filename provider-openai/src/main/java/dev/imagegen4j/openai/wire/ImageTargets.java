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
 * first 64 KiB are kept to read the dimensions; nothing else of the image is held.
 */
final class ImageTargets {

    private static final int HEADER_BYTES = 64 * 1024;
    private static final int MIN_INITIAL = 64 * 1024;

    private final ImageSink sink;
    private final int indexOffset;
    private final OutputFormat expected;

    ImageTargets(ImageSink sink, int indexOffset, OutputFormat expected) {
        this.sink = sink;
        this.indexOffset = indexOffset;
        this.expected = expected;
    }

    /** Whether images go to a sink rather than memory. */
    boolean toSink() {
        return sink != null;
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

    /** Decodes into one array, sized from an upper bound so that no copy is needed. */
    static final class MemoryTarget extends Target {
        private final OutputFormat expected;
        private byte[] buf;
        private int len;

        MemoryTarget(int index, long sizeHint, OutputFormat expected) {
            super(index);
            this.expected = expected;
            long initial = sizeHint > 0 ? sizeHint : MIN_INITIAL;
            if (initial > Integer.MAX_VALUE - 16) {
                initial = Integer.MAX_VALUE - 16;
            }
            this.buf = new byte[(int) initial];
        }

        @Override
        public void write(byte[] b, int off, int n) {
            if (len + n > buf.length) {
                long grown = Math.max((long) len + n, buf.length + (buf.length >> 1) + 1);
                if (grown > Integer.MAX_VALUE - 16) {
                    if ((long) len + n > Integer.MAX_VALUE - 16) {
                        throw new IllegalStateException("image over 2 GiB cannot be held in memory; use a sink");
                    }
                    grown = Integer.MAX_VALUE - 16;
                }
                buf = Arrays.copyOf(buf, (int) grown);
            }
            System.arraycopy(b, off, buf, len, n);
            len += n;
            count += n;
        }

        byte[] array() {
            return Arrays.copyOf(buf, len);
        }

        int length() {
            return len;
        }

        byte[] buffer() {
            return buf;
        }

        @Override
        GeneratedImage.Builder finish() {
            OutputFormat format = sniff(buf, len).orElse(expected);
            GeneratedImage.Builder b = GeneratedImage.builder().index(index).bytes(buf, len).format(format);
            ImageHeaders.read(new java.io.ByteArrayInputStream(buf, 0, Math.min(len, HEADER_BYTES)).readAllBytes())
                    .ifPresent(h -> b.dimensions(h.width(), h.height()));
            return b;
        }

        @Override
        void abort() {
            buf = new byte[0];
            len = 0;
        }
    }

    /** Streams into the request's sink; opens it once the format is known. */
    static final class SinkTarget extends Target {
        private final ImageSink sink;
        private final OutputFormat expected;
        private final byte[] header = new byte[HEADER_BYTES];
        private int headerLen;
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
            if (headerLen < HEADER_BYTES) {
                k = Math.min(n, HEADER_BYTES - headerLen);
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
            ImageHeaders.read(Arrays.copyOf(header, headerLen)).ifPresent(h -> b.dimensions(h.width(), h.height()));
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
