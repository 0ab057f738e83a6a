package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * Decodes a JSON string of base64 straight from the bytes under a Jackson parser, in 64 KiB blocks with
 * {@link java.util.Base64} (several times faster than Jackson's character-at-a-time
 * {@link JsonParser#readBinaryValue}). The parser must read from a {@link Source}: the bytes it had
 * buffered are taken back, the string is decoded from them and the stream, and the closing quote and
 * everything after it are pushed back, so the parser then skips an empty remainder and carries on.
 * No {@code String} of the image exists and no array larger than 16 KiB is allocated.
 */
final class Base64Strings {

    /** Block size: a multiple of 4 characters; small, so a small image allocates little. */
    private static final int STAGE = 16 * 1024;

    private Base64Strings() {
    }

    /** An input stream with push-back, for the parser to read from. */
    static final class Source extends InputStream {
        private final InputStream in;
        private byte[] pushed = new byte[0];
        private int pushedPos;

        Source(InputStream in) {
            this.in = in;
        }

        void unread(byte[] b, int off, int len) {
            byte[] rest = Arrays.copyOfRange(pushed, pushedPos, pushed.length);
            byte[] all = new byte[len + rest.length];
            System.arraycopy(b, off, all, 0, len);
            System.arraycopy(rest, 0, all, len, rest.length);
            pushed = all;
            pushedPos = 0;
        }

        @Override
        public int read() throws IOException {
            if (pushedPos < pushed.length) {
                return pushed[pushedPos++] & 0xff;
            }
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pushedPos < pushed.length) {
                int n = Math.min(len, pushed.length - pushedPos);
                System.arraycopy(pushed, pushedPos, b, off, n);
                pushedPos += n;
                return n;
            }
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Decodes the parser's current {@code VALUE_STRING} (not yet read) into {@code out}.
     *
     * @return the number of decoded bytes
     * @throws IOException if the stream ends inside the string or the text is not base64
     */
    static long decode(JsonParser parser, Source source, OutputStream out) throws IOException {
        ByteArrayOutputStream released = new ByteArrayOutputStream(8192);
        parser.releaseBuffered(released);
        Decoder d = new Decoder(out, parser);
        byte[] first = released.toByteArray();
        int end = d.feed(first, 0, first.length);
        if (end >= 0) {
            source.unread(first, end, first.length - end);
            return d.finish();
        }
        byte[] chunk = new byte[STAGE];
        int n;
        while ((n = source.read(chunk, 0, chunk.length)) != -1) {
            end = d.feed(chunk, 0, n);
            if (end >= 0) {
                source.unread(chunk, end, n - end);
                return d.finish();
            }
        }
        throw new JsonParseException(parser, "the response ended inside the base64 image data");
    }

    /** Collects base64 characters (undoing JSON escapes) and decodes them a block at a time. */
    private static final class Decoder {
        private final OutputStream out;
        private final JsonParser parser;
        private final byte[] stage = new byte[STAGE];
        private final byte[] decoded = new byte[STAGE / 4 * 3];
        private int fill;
        private long total;
        private int escape = -1; // -1 none; 0 after '\'; 1..4 hex digits of \\u read so far
        private int unicode;

        Decoder(OutputStream out, JsonParser parser) {
            this.out = out;
            this.parser = parser;
        }

        /** Consumes {@code b[off, off+len)}; the index of the closing quote, or -1 if not reached. */
        int feed(byte[] b, int off, int len) throws IOException {
            int end = off + len;
            int i = off;
            while (i < end) {
                if (escape >= 0) {
                    escaped(b[i++]);
                    continue;
                }
                int run = i;
                while (run < end && b[run] != '"' && b[run] != '\\') {
                    run++;
                }
                while (i < run) {
                    int n = Math.min(run - i, STAGE - fill);
                    System.arraycopy(b, i, stage, fill, n);
                    fill += n;
                    i += n;
                    if (fill == STAGE) {
                        flush();
                    }
                }
                if (i == end) {
                    break;
                }
                if (b[i] == '"') {
                    return i;
                }
                escape = 0; // a backslash
                i++;
            }
            return -1;
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
                        throw new JsonParseException(parser, "unexpected escape \\" + (char) c + " in base64 image data");
                }
            }
            int digit = Character.digit(c, 16);
            if (digit < 0) {
                throw new JsonParseException(parser, "bad \\u escape in base64 image data");
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
            stage[fill++] = c;
            if (fill == STAGE) {
                flush();
            }
        }

        private void flush() throws IOException {
            try {
                int n = Base64.getDecoder().decode(stage, decoded);
                out.write(decoded, 0, n);
                total += n;
            } catch (IllegalArgumentException e) {
                throw new JsonParseException(parser, "the image data is not valid base64: " + e.getMessage(), e);
            }
            fill = 0;
        }

        long finish() throws IOException {
            if (escape >= 0) {
                throw new JsonParseException(parser, "the base64 image data ends inside an escape");
            }
            if (fill > 0) {
                byte[] tail = Arrays.copyOf(stage, fill);
                try {
                    byte[] last = Base64.getDecoder().decode(tail);
                    out.write(last);
                    total += last.length;
                } catch (IllegalArgumentException e) {
                    throw new JsonParseException(parser, "the image data is not valid base64: " + e.getMessage(), e);
                }
                fill = 0;
            }
            return total;
        }
    }
}
