package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.ImageInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * A JSON request body whose image strings are base64 of files (or streams) encoded while the body is sent: the JSON
 * around them is written with Jackson, each image becomes a publisher that reads and encodes its input in 48 KiB
 * steps when (and each time) the body is sent, so a 50 MB reference image is never a 67 MB {@code String}. The
 * length is known whenever every image's length is. Not thread-safe; the {@link WireCodec.Body} it makes is.
 *
 * <pre>{@code
 * StreamingJson json = StreamingJson.create();
 * JsonGenerator g = json.generator();
 * g.writeStartObject();
 * g.writeFieldName("data");
 * json.base64(image);                       // "iVBORw0KGgo...", streamed when sent
 * g.writeEndObject();
 * WireCodec.Body body = json.finish();
 * }</pre>
 */
public final class StreamingJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Segments out = new Segments();
    private final JsonGenerator generator;

    private StreamingJson() {
        try {
            this.generator = MAPPER.getFactory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new body. */
    public static StreamingJson create() {
        return new StreamingJson();
    }

    /** The generator for everything but image data; it writes into this body. */
    public JsonGenerator generator() {
        return generator;
    }

    /**
     * Writes the value at the generator's position as a string of the base64 of {@code image}, encoded when the body
     * is sent.
     *
     * @throws UncheckedIOException if the generator is not at a value position
     */
    public void base64(ImageInput image) {
        try {
            generator.writeRawValue("\"");
            generator.flush();
            out.cut(base64Publisher(image));
            out.write('"');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body, {@code application/json}. */
    public WireCodec.Body finish() {
        try {
            generator.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.cut(null);
        return new WireCodec.Body(BodyPublishers.concat(out.parts.toArray(new BodyPublisher[0])), "application/json");
    }

    /** The base64 of {@code image} as a publisher that encodes while it is read; sized when the input's length is known. */
    static BodyPublisher base64Publisher(ImageInput image) {
        if (image.length().orElse(-1) == 0) {
            return BodyPublishers.noBody();
        }
        BodyPublisher p = BodyPublishers.ofInputStream(() -> {
            try {
                return new Base64Encoding(image.openStream());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read image '" + image.fileName() + "'", e);
            }
        });
        OptionalLong length = image.length();
        return length.isPresent() ? BodyPublishers.fromPublisher(p, 4 * ((length.getAsLong() + 2) / 3)) : p;
    }

    /** Bytes written so far become a publisher at each cut, followed by the publisher cut in. */
    private static final class Segments extends OutputStream {
        final List<BodyPublisher> parts = new ArrayList<>();
        private ByteArrayOutputStream current = new ByteArrayOutputStream(256);

        @Override
        public void write(int b) {
            current.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            current.write(b, off, len);
        }

        void cut(BodyPublisher next) {
            if (current.size() > 0) {
                parts.add(BodyPublishers.ofByteArray(current.toByteArray()));
                current = new ByteArrayOutputStream(256);
            }
            if (next != null) {
                parts.add(next);
            }
        }
    }

    /** Base64 of an input stream, encoded 48 KiB at a time as it is read. */
    static final class Base64Encoding extends InputStream {
        private static final int RAW = 48 * 1024; // a multiple of 3: only the last block may need padding
        private final InputStream in;
        private final byte[] raw = new byte[RAW];
        private final byte[] encoded = new byte[RAW / 3 * 4];
        private int pos;
        private int limit;
        private boolean eof;

        Base64Encoding(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == limit && !fill()) {
                return -1;
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(encoded, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            int n = in.readNBytes(raw, 0, RAW);
            if (n < RAW) {
                eof = true;
            }
            if (n == 0) {
                return false;
            }
            limit = Base64.getEncoder().encode(n == RAW ? raw : Arrays.copyOf(raw, n), encoded);
            pos = 0;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
