package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64StringsTest {

    /** Parses {"a":1,"b64":"...","z":"after"} and returns the decoded bytes; checks the parser resumed. */
    private static byte[] decode(String b64Json, InputStream wrap) throws Exception {
        String json = "{\"a\":1,\"b64\":\"" + b64Json + "\",\"z\":\"after\",\"n\":[1,2]}";
        InputStream in = wrap != null ? wrap : new ByteArrayInputStream(json.getBytes(StandardCharsets.US_ASCII));
        Base64Strings.Source source = new Base64Strings.Source(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonParser p = new JsonFactory().createParser(source)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            String z = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("b64")) {
                    Base64Strings.decode(p, source, out);
                } else if (name.equals("z")) {
                    z = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            assertThat(z).as("the parser carried on after the string").isEqualTo("after");
        }
        return out.toByteArray();
    }

    /** Delivers the bytes a few at a time, so the string straddles many reads. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 100, 65_535, 65_536, 200_001})
    void should_decode_any_length_exactly(int length) throws Exception {
        byte[] raw = new byte[length];
        new Random(length).nextBytes(raw);

        assertThat(decode(Base64.getEncoder().encodeToString(raw), null)).isEqualTo(raw);
    }

    @Test
    void should_decode_across_tiny_reads() throws Exception {
        byte[] raw = new byte[10_000];
        new Random(7).nextBytes(raw);
        String json = "{\"a\":1,\"b64\":\"" + Base64.getEncoder().encodeToString(raw).replace("/", "\\/")
                + "\",\"z\":\"after\",\"n\":[1,2]}";

        assertThat(decode(null, trickle(json.getBytes(StandardCharsets.US_ASCII), 3))).isEqualTo(raw);
    }

    @Test
    void should_undo_json_escapes_and_ignore_escaped_line_breaks() throws Exception {
        byte[] raw = new byte[3000];
        new Random(3).nextBytes(raw);
        String b64 = Base64.getMimeEncoder().encodeToString(raw); // \r\n every 76 characters
        String escaped = b64.replace("\r\n", "\\r\\n").replace("/", "\\/").replaceFirst("\\+", "\\\\u002B");

        assertThat(decode(escaped, null)).isEqualTo(raw);
    }

    @Test
    void should_accept_base64_without_padding() throws Exception {
        assertThat(decode("aGk", null)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void should_reject_text_that_is_not_base64() {
        assertThatThrownBy(() -> decode("not*base64!", null))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("the image data is not valid base64");
    }

    @Test
    void should_reject_a_body_that_ends_inside_the_string() {
        byte[] cut = "{\"b64\":\"aGVsbG8gd29y".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> decode(null, new ByteArrayInputStream(cut)))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("the response ended inside the base64 image data");
    }
}
