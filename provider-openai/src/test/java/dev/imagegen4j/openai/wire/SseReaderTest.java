package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseReaderTest {

    /** Feeds {@code stream} in pieces of {@code step} bytes; each event as name=skeleton (+ decoded image). */
    private static List<String> events(String stream, int step) throws IOException {
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        Base64Strings.Scratch scratch = new Base64Strings.Scratch();
        JsonScanner.Diverter diverter = new JsonScanner.Diverter() {
            @Override
            public Base64Strings start(int item) {
                image.reset();
                return new Base64Strings(image, scratch, Long.MAX_VALUE);
            }

            @Override
            public void end(int item) {
            }
        };
        SseReader reader = new SseReader(new SseReader.Events() {
            @Override
            public JsonScanner begin(String eventName) {
                image.reset();
                return new JsonScanner(true, 1 << 20, diverter);
            }

            @Override
            public void end(String eventName, JsonScanner data) {
                String img = image.size() > 0 ? " image=" + image.toString(StandardCharsets.US_ASCII) : "";
                out.add(eventName + "=" + new String(data.skeleton(), StandardCharsets.UTF_8) + img);
            }
        });
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += step) {
            reader.feed(bytes, i, Math.min(bytes.length, i + step));
        }
        reader.finish();
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 13, 4096})
    void should_split_events_skip_comments_and_join_multi_line_data(int step) throws IOException {
        String stream = ": keep-alive\n"
                + "event: a\ndata: {\"x\":1}\n\n"
                + "id: 7\nretry: 100\nevent: b\ndata: {\"y\":\ndata: 2}\n\n"
                + "event: c\r\ndata:{\"z\":3}\r\n\r\n"
                + ": ping\n:\n\n"
                + "data: [DONE]\n\n";

        assertThat(events(stream, step)).containsExactly("a={\"x\":1}", "b={\"y\":\n2}", "c={\"z\":3}\r", "null=[DONE]");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000, 1 << 20})
    void should_decode_a_long_image_line_whatever_the_pieces(int step) throws IOException {
        byte[] raw = new byte[300_000];
        new java.util.Random(5).nextBytes(raw);
        String b64 = java.util.Base64.getEncoder().encodeToString(raw);
        String stream = "event: image_generation.completed\ndata: {\"type\":\"image_generation.completed\",\"b64_json\":\""
                + b64 + "\",\"size\":\"1024x1024\"}\n\nevent: f\ndata: {\"k\":1}\n\n";

        List<String> events = events(stream, step);

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith("image_generation.completed={\"type\":\"image_generation.completed\","
                + "\"b64_json\":\"\",\"size\":\"1024x1024\"} image=");
        assertThat(events.get(1)).isEqualTo("f={\"k\":1}");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 4096})
    void should_dispatch_a_last_event_without_a_blank_line_after_it(int step) throws IOException {
        assertThat(events("event: a\ndata: {\"x\":1}\n", step)).containsExactly("a={\"x\":1}");
        assertThat(events("data: {\"x\":1}", step)).containsExactly("null={\"x\":1}");
    }
}
