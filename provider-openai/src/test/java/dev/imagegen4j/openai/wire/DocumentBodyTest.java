package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.OutputFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Documents of other protocols (an OpenRouter chat completion, a fal result): the strings a field names are images
 * decoded as they arrive, data URLs by their header, whatever the buffer boundaries; other strings stay text.
 */
class DocumentBodyTest {

    private final ResponseDecoder decoder = new ResponseDecoder(new ObjectMapper());
    private final Base64Strings.ScratchPool pool = new Base64Strings.ScratchPool();

    private static byte[] png(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = (byte) 0x89;
        b[1] = 'P';
        b[2] = 'N';
        b[3] = 'G';
        return b;
    }

    private ResponseDecoder.Decoded feed(WireCodec.ImageStrings field, byte[] bytes, int step, boolean buffers)
            throws IOException {
        ResponseDecoder.Body body = decoder.document(field, new ImageTargets(null, 0, OutputFormat.PNG), pool,
                Long.MAX_VALUE);
        for (int i = 0; i < bytes.length; i += step) {
            int n = Math.min(step, bytes.length - i);
            if (buffers) {
                body.feed(ByteBuffer.wrap(bytes, i, n).slice().asReadOnlyBuffer());
            } else {
                body.feed(bytes, i, i + n);
            }
        }
        ResponseDecoder.Decoded d = body.finish();
        body.release();
        return d;
    }

    private static String chat(String... urls) {
        StringBuilder images = new StringBuilder();
        for (String u : urls) {
            images.append(images.length() == 0 ? "" : ",").append("{\"type\":\"image_url\",\"image_url\":{\"url\":\"")
                    .append(u).append("\"}}");
        }
        return "{\"id\":\"gen-1\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"here \\\"it\\\" is\","
                + "\"images\":[" + images + "]},\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":42}}";
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 1000, 1 << 20})
    void should_decode_data_url_images_whatever_the_boundaries(int step) throws IOException {
        byte[] a = png(30_000, 1);
        byte[] b = png(5, 2);
        String json = chat("data:image/png;base64," + Base64.getEncoder().encodeToString(a),
                "https://cdn.example.com/x.png",
                "DATA:image\\/png;BASE64," + Base64.getEncoder().encodeToString(b).replace("/", "\\/"));
        for (boolean buffers : new boolean[] {false, true}) {
            ResponseDecoder.Decoded d = feed(WireCodec.ImageStrings.dataUrlsIn("url", "image_url"),
                    json.getBytes(StandardCharsets.UTF_8), step, buffers);

            assertThat(d.images).hasSize(2);
            assertThat(d.images.get(0).build().bytes()).isEqualTo(a);
            assertThat(d.images.get(1).build().bytes()).isEqualTo(b);
            assertThat(d.document.path("choices").get(0).path("message").path("images").get(0).path("image_url")
                    .path("url").asText()).isEqualTo("data:image/png;base64,");
            assertThat(d.document.path("choices").get(0).path("message").path("images").get(1).path("image_url")
                    .path("url").asText()).isEqualTo("https://cdn.example.com/x.png");
            assertThat(d.document.path("choices").get(0).path("message").path("content").asText())
                    .isEqualTo("here \"it\" is");
            assertThat(d.document.path("usage").path("total_tokens").asInt()).isEqualTo(42);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 4096})
    void should_keep_strings_that_are_not_base64_data_urls_as_text(int step) throws IOException {
        String json = chat("data:text/plain,hello", "data", "", "d\\u0061ta:x;base64,AAAA");
        ResponseDecoder.Decoded d = feed(WireCodec.ImageStrings.dataUrlsIn("url", "image_url"),
                json.getBytes(StandardCharsets.UTF_8), step, false);

        assertThat(d.images).isEmpty();
        var images = d.document.path("choices").get(0).path("message").path("images");
        assertThat(images.get(0).path("image_url").path("url").asText()).isEqualTo("data:text/plain,hello");
        assertThat(images.get(1).path("image_url").path("url").asText()).isEqualTo("data");
        assertThat(images.get(2).path("image_url").path("url").asText()).isEmpty();
        assertThat(images.get(3).path("image_url").path("url").asText()).isEqualTo("data:x;base64,AAAA");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8192})
    void should_decode_plain_base64_fields_and_ignore_the_same_key_elsewhere(int step) throws IOException {
        byte[] a = png(2000, 3);
        String json = "{\"data\":\"not an image\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + Base64.getEncoder().encodeToString(a)
                + "\"}}]}}]}";
        ResponseDecoder.Decoded d = feed(WireCodec.ImageStrings.keyIn("data", "inlineData"),
                json.getBytes(StandardCharsets.UTF_8), step, true);

        assertThat(d.images).hasSize(1);
        assertThat(d.images.get(0).build().bytes()).isEqualTo(a);
        assertThat(d.document.path("data").asText()).isEqualTo("not an image");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 4096})
    void should_decode_the_strings_of_an_array_value(int step) throws IOException {
        byte[] a = png(700, 4);
        byte[] b = png(900, 5);
        String json = "{\"id\":\"p\",\"output\":[\"data:image/png;base64," + Base64.getEncoder().encodeToString(a)
                + "\",\"https://x/2.png\",\"data:image/png;base64," + Base64.getEncoder().encodeToString(b)
                + "\"],\"input\":{\"output\":\"kept\"}}";
        ResponseDecoder.Decoded d = feed(WireCodec.ImageStrings.dataUrlsIn("output", null),
                json.getBytes(StandardCharsets.UTF_8), step, false);

        assertThat(d.images).hasSize(2);
        assertThat(d.images.get(0).build().bytes()).isEqualTo(a);
        assertThat(d.images.get(1).build().bytes()).isEqualTo(b);
        assertThat(d.document.path("output").get(1).asText()).isEqualTo("https://x/2.png");
        assertThat(d.document.path("input").path("output").asText()).isEqualTo("kept");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4096})
    void should_read_a_document_without_images_whole(int step) throws IOException {
        String json = "{\"id\":\"p1\",\"status\":\"succeeded\",\"output\":[\"https://x/1.png\"],\"n\":null}";
        ResponseDecoder.Decoded d = feed(null, json.getBytes(StandardCharsets.UTF_8), step, false);

        assertThat(d.images).isEmpty();
        assertThat(d.document.path("output").get(0).asText()).isEqualTo("https://x/1.png");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\":[{\"message\":{\"images\":[{\"image_url\":{\"url\":\"data:image/png;base64,iVBO",
        "{\"a\":1", "[1,2]", "{\"a\":\"x\"} {}"})
    void should_refuse_a_cut_or_malformed_document(String json) {
        assertThatThrownBy(() -> feed(WireCodec.ImageStrings.dataUrlsIn("url", "image_url"),
                json.getBytes(StandardCharsets.UTF_8), 3, false)).isInstanceOf(IOException.class);
    }
}
