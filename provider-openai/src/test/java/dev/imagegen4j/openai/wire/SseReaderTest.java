package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<String> events(String stream) throws IOException {
        SseReader r = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        SseReader.Event e;
        while ((e = r.next()) != null) {
            out.add(e.name + "=" + new String(e.data.readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void should_split_events_skip_comments_and_join_multi_line_data() throws IOException {
        String stream = ": keep-alive\n"
                + "event: a\ndata: {\"x\":1}\n\n"
                + "id: 7\nretry: 100\nevent: b\ndata: {\"y\":\ndata: 2}\n\n"
                + "event: c\r\ndata:{\"z\":3}\r\n\r\n"
                + "data: [DONE]\n\n";

        assertThat(events(stream)).containsExactly("a={\"x\":1}", "b={\"y\":\n2}", "c={\"z\":3}\r", "null=[DONE]");
    }

    @Test
    void should_hand_out_a_long_data_line_whole_even_when_read_in_small_pieces() throws IOException {
        String big = "x".repeat(300_000);
        SseReader r = new SseReader(new ByteArrayInputStream(("event: e\ndata: " + big + "\n\nevent: f\ndata: 1\n\n")
                .getBytes(StandardCharsets.UTF_8)));

        SseReader.Event first = r.next();
        byte[] piece = new byte[1000];
        int total = 0;
        int n;
        while ((n = first.data.read(piece, 0, piece.length)) != -1) {
            total += n;
        }
        SseReader.Event second = r.next();

        assertThat(total).isEqualTo(big.length());
        assertThat(second.name).isEqualTo("f");
        assertThat(new String(second.data.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("1");
    }
}
