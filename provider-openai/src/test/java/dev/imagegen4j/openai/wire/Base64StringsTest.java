package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64StringsTest {

    /** Feeds the string's characters plus {@code "rest} in pieces of {@code step}; checks where the quote was found. */
    private static byte[] decode(String content, int step) throws IOException {
        byte[] bytes = (content + "\",\"z\":1}").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64Strings d = new Base64Strings(out, new Base64Strings.Scratch(), Long.MAX_VALUE);
        int quote = -1;
        for (int i = 0; i < bytes.length && quote < 0; i += step) {
            quote = d.feed(bytes, i, Math.min(bytes.length, i + step));
        }
        assertThat(quote).as("the closing quote").isEqualTo(content.length());
        d.finish();
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 100, 12_287, 12_288, 12_289, 65_535, 65_536, 200_001})
    void should_decode_any_length_exactly(int length) throws Exception {
        byte[] raw = new byte[length];
        new Random(length).nextBytes(raw);

        assertThat(decode(Base64.getEncoder().encodeToString(raw), Integer.MAX_VALUE)).isEqualTo(raw);
        assertThat(decode(Base64.getEncoder().withoutPadding().encodeToString(raw), 8191)).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 8, 9, 16_383, 16_384, 16_385})
    void should_decode_across_any_piece_size_with_escapes_on_the_boundaries(int step) throws Exception {
        byte[] raw = new byte[40_000];
        new Random(7).nextBytes(raw);
        String escaped = Base64.getEncoder().encodeToString(raw).replace("/", "\\/").replace("+", "\\u002B");

        assertThat(decode(escaped, step)).isEqualTo(raw);
    }

    @Test
    void should_undo_json_escapes_and_ignore_escaped_line_breaks() throws Exception {
        byte[] raw = new byte[3000];
        new Random(3).nextBytes(raw);
        String b64 = Base64.getMimeEncoder().encodeToString(raw); // \r\n every 76 characters
        String escaped = b64.replace("\r\n", "\\r\\n").replace("/", "\\/").replaceFirst("\\+", "\\\\u002B");

        assertThat(decode(escaped, 1)).isEqualTo(raw);
        assertThat(decode(escaped, 64)).isEqualTo(raw);
    }

    @Test
    void should_find_quotes_and_backslashes_in_every_lane_of_a_word() {
        for (int at = 0; at < 24; at++) {
            byte[] a = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".getBytes(StandardCharsets.US_ASCII);
            a[at] = '"';
            assertThat(Base64Strings.scan(a, 0, a.length)).isEqualTo(at);
            a[at] = '\\';
            assertThat(Base64Strings.scan(a, 0, a.length)).isEqualTo(at);
            assertThat(Base64Strings.scan(a, at + 1, a.length)).isEqualTo(a.length);
            java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(a).asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertThat(Base64Strings.scan(le, 0, a.length)).isEqualTo(at);
            assertThat(Base64Strings.scan(le, at + 1, a.length)).isEqualTo(a.length);
            java.nio.ByteBuffer be = java.nio.ByteBuffer.wrap(a).asReadOnlyBuffer(); // as java.net.http hands it over
            assertThat(Base64Strings.scan(be, 0, a.length)).isEqualTo(at);
            assertThat(Base64Strings.scan(be, at + 1, a.length)).isEqualTo(a.length);
        }
        // a byte one above a special ('#', ']') right after a real one can set a false flag in the word's test;
        // the first real special is still the one found, whatever the buffer's byte order
        for (int at = 0; at < 23; at++) {
            for (String pair : new String[] {"\"#", "\\]", "#\"", "]\\"}) {
                byte[] a = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".getBytes(StandardCharsets.US_ASCII);
                a[at] = (byte) pair.charAt(0);
                a[at + 1] = (byte) pair.charAt(1);
                int expected = pair.charAt(0) == '#' || pair.charAt(0) == ']' ? at + 1 : at;
                assertThat(Base64Strings.scan(a, 0, a.length)).isEqualTo(expected);
                for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {java.nio.ByteOrder.BIG_ENDIAN,
                    java.nio.ByteOrder.LITTLE_ENDIAN}) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(a).asReadOnlyBuffer().order(order);
                    assertThat(Base64Strings.scan(b, 0, a.length)).as("%s at %d in %s", pair, at, order)
                            .isEqualTo(expected);
                }
            }
        }
        byte[] high = new byte[16];
        java.util.Arrays.fill(high, (byte) 0xA2); // 0x22 with the high bit set is not a quote
        assertThat(Base64Strings.scan(high, 0, high.length)).isEqualTo(16);
    }

    @Test
    void should_reject_text_that_is_not_base64() {
        assertThatThrownBy(() -> decode("not*base64!", 3))
                .isInstanceOf(Base64Strings.Malformed.class)
                .hasMessageContaining("the image data is not valid base64");
        assertThatThrownBy(() -> decode("A".repeat(16_383) + "*" + "A".repeat(100), 4096))
                .isInstanceOf(Base64Strings.Malformed.class)
                .hasMessageContaining("the image data is not valid base64");
        assertThatThrownBy(() -> decode("aGk\\x", 1))
                .isInstanceOf(Base64Strings.Malformed.class)
                .hasMessageContaining("unexpected escape");
    }

    @Test
    void should_stop_at_the_cap() {
        byte[] raw = new byte[100_000];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64Strings d = new Base64Strings(out, new Base64Strings.Scratch(), 50_000);
        byte[] b64 = Base64.getEncoder().encode(raw);

        assertThatThrownBy(() -> d.feed(b64, 0, b64.length))
                .isInstanceOf(Base64Strings.TooLarge.class)
                .hasMessageContaining("50000").hasMessageContaining("max-image-bytes");
        assertThat(out.size()).isLessThanOrEqualTo(50_000);
    }
}
