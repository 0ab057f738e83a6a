package dev.imagegen4j.openai.wire;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code text/event-stream} at the byte level (in bulk), handing each event's data out as a bounded stream,
 * so a multi-megabyte {@code data:} line (a base64 image) is decoded as it arrives and never becomes a
 * {@code String}. Consecutive {@code data:} lines of one event are joined with {@code \n}, as the SSE
 * specification says; comments, {@code id:} and {@code retry:} lines are skipped.
 */
final class SseReader {

    private static final int MAX_LINE = 8 * 1024;

    private final BufferedInputStream in;
    private DataStream current;

    SseReader(InputStream in) {
        this.in = new BufferedInputStream(in, 64 * 1024);
    }

    /** One event: its name (from {@code event:}, may be null) and its data. */
    static final class Event {
        final String name;
        final InputStream data;

        Event(String name, InputStream data) {
            this.name = name;
            this.data = data;
        }
    }

    /** The next event with data, or null at the end of the stream. */
    Event next() throws IOException {
        if (current != null) {
            current.skipRest();
            current = null;
        }
        String name = null;
        while (true) {
            in.mark(6);
            byte[] prefix = in.readNBytes(5);
            if (prefix.length == 0) {
                return null;
            }
            String p = new String(prefix, StandardCharsets.US_ASCII);
            if (p.equals("data:")) {
                skipOneSpace();
                current = new DataStream();
                return new Event(name, current);
            }
            in.reset();
            String line = readShortLine();
            if (line == null) {
                return null;
            }
            if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            }
            // blank lines, comments (":"), id: and retry: carry nothing we need
        }
    }

    private void skipOneSpace() throws IOException {
        in.mark(1);
        if (in.read() != ' ') {
            in.reset();
        }
    }

    private String readShortLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r' && sb.length() < MAX_LINE) {
                sb.append((char) c);
            }
        }
        if (c == -1 && sb.length() == 0) {
            return null;
        }
        return sb.toString();
    }

    /** The data of one event: ends at the end of its last {@code data:} line. */
    private final class DataStream extends InputStream {
        private boolean done;
        private boolean pendingNewline;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (pendingNewline) {
                pendingNewline = false;
                b[off] = '\n';
                return 1;
            }
            // read in bulk, then give back what follows the end of the line
            in.mark(len);
            int n = in.read(b, off, len);
            if (n == -1) {
                done = true;
                return -1;
            }
            for (int i = off; i < off + n; i++) {
                if (b[i] == '\n') {
                    in.reset();
                    in.skipNBytes(i - off + 1L);
                    if (continuesWithData()) {
                        pendingNewline = true;
                    } else {
                        done = true;
                    }
                    int got = i - off;
                    if (got > 0) {
                        return got;
                    }
                    if (pendingNewline) {
                        pendingNewline = false;
                        b[off] = '\n';
                        return 1;
                    }
                    return -1;
                }
            }
            return n;
        }

        private boolean continuesWithData() throws IOException {
            in.mark(6);
            byte[] prefix = in.readNBytes(5);
            if (new String(prefix, StandardCharsets.US_ASCII).equals("data:")) {
                skipOneSpace();
                return true;
            }
            in.reset();
            return false;
        }

        void skipRest() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) != -1) {
                // drain
            }
        }
    }
}
