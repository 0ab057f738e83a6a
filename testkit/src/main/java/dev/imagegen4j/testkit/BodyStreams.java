package dev.imagegen4j.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Output streams for response bodies: chunked transfer coding and fault injection (cut, stall). */
final class BodyStreams {

    private BodyStreams() {
    }

    /** Signals that a body was cut on purpose; the connection must then be closed without a reset. */
    static final class Truncated extends IOException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super("response body truncated by fault");
        }
    }

    /** HTTP/1.1 chunked transfer coding; {@link #finish()} writes the last chunk. */
    static final class Chunked extends FilterOutputStream {
        Chunked(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.write('\r');
            out.write('\n');
        }

        void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void close() {
            // the socket outlives the body; the server closes it
        }
    }

    /**
     * Counts body bytes; at {@code stallAt} flushes and sleeps, at {@code cutAt} flushes and throws
     * {@link Truncated}. Either position may be -1 (never).
     */
    static final class Faulting extends FilterOutputStream {
        private final long cutAt;
        private final long stallAt;
        private final Duration stall;
        private long written;
        private boolean stalled;

        Faulting(OutputStream out, long cutAt, long stallAt, Duration stall) {
            super(out);
            this.cutAt = cutAt;
            this.stallAt = stallAt;
            this.stall = stall;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                long limit = len;
                if (stallAt >= 0 && !stalled) {
                    limit = Math.min(limit, stallAt - written);
                }
                if (cutAt >= 0) {
                    limit = Math.min(limit, cutAt - written);
                }
                if (limit > 0) {
                    out.write(b, off, (int) limit);
                    written += limit;
                    off += (int) limit;
                    len -= (int) limit;
                }
                if (stallAt >= 0 && !stalled && written >= stallAt) {
                    stalled = true;
                    out.flush();
                    sleep(stall);
                }
                if (cutAt >= 0 && written >= cutAt) {
                    out.flush();
                    throw new Truncated();
                }
            }
        }

        @Override
        public void close() {
            // the socket outlives the body; the server closes it
        }
    }

    static void sleep(Duration d) throws IOException {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delaying", e);
        }
    }
}
