package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.ImageInput;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StreamingJson}: JSON whose image strings are base64 encoded while the body is sent. */
class StreamingJsonTest {

    @TempDir
    Path dir;

    @Test
    void should_encode_files_as_base64_strings_with_a_known_length_and_again_on_a_resend() throws Exception {
        for (int size : new int[] {0, 1, 2, 3, 48 * 1024 - 1, 48 * 1024, 48 * 1024 + 1, 300_001}) {
            byte[] raw = new byte[size];
            new Random(size).nextBytes(raw);
            Path file = dir.resolve("img-" + size + ".png");
            Files.write(file, raw);
            StreamingJson json = StreamingJson.create();
            JsonGenerator g = json.generator();
            g.writeStartObject();
            g.writeStringField("text", "a \"fox\"");
            g.writeArrayFieldStart("parts");
            g.writeStartObject();
            g.writeFieldName("data");
            json.base64(ImageInput.of(file));
            g.writeEndObject();
            g.writeStartObject();
            g.writeFieldName("data");
            json.base64(ImageInput.of(raw, "b.png"));
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            WireCodec.Body body = json.finish();

            for (int send = 0; send < 2; send++) {
                byte[] sent = drain(body);
                JsonNode root = new ObjectMapper().readTree(sent);
                assertThat(root.get("text").asText()).isEqualTo("a \"fox\"");
                assertThat(Base64.getDecoder().decode(root.at("/parts/0/data").asText())).isEqualTo(raw);
                assertThat(Base64.getDecoder().decode(root.at("/parts/1/data").asText())).isEqualTo(raw);
                assertThat(body.publisher().contentLength()).isEqualTo(sent.length);
            }
            assertThat(body.contentType()).isEqualTo("application/json");
        }
    }

    private static byte[] drain(WireCodec.Body body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        body.publisher().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                out.write(a, 0, a.length);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get();
        return out.toByteArray();
    }

    @Test
    void should_divert_only_the_selected_strings_at_any_depth_when_a_codec_selects_them() throws Exception {
        byte[] image = new byte[5000];
        new Random(7).nextBytes(image);
        String b64 = Base64.getEncoder().encodeToString(image);
        String json = "{\"data\":\"not an image\",\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + b64 + "\"}},{\"x\":{\"data\":\"no\"}},"
                + "{\"inline_data\":{\"data\":\"" + b64.replace("/", "\\/") + "\"}}]}}]}";
        List<ByteArrayOutputStream> images = new java.util.ArrayList<>();
        Base64Strings.Scratch scratch = new Base64Strings.Scratch();
        JsonScanner scanner = new JsonScanner(WireCodec.ImageStrings.keyIn("data", "inlineData", "inline_data"),
                1 << 20, new JsonScanner.Diverter() {
                    @Override
                    public Base64Strings start(int item) {
                        assertThat(item).isEqualTo(images.size());
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        images.add(out);
                        return new Base64Strings(out, scratch, Long.MAX_VALUE);
                    }

                    @Override
                    public void end(int item) {
                    }
                });
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 977) {
            scanner.feed(bytes, i, Math.min(bytes.length, i + 977));
        }
        scanner.finish();

        assertThat(images).hasSize(2);
        assertThat(images.get(0).toByteArray()).isEqualTo(image);
        assertThat(images.get(1).toByteArray()).isEqualTo(image);
        JsonNode skeleton = new ObjectMapper().readTree(scanner.skeleton());
        assertThat(skeleton.get("data").asText()).isEqualTo("not an image");
        assertThat(skeleton.at("/candidates/0/content/parts/1/inlineData/data").asText()).isEmpty();
        assertThat(skeleton.at("/candidates/0/content/parts/2/x/data").asText()).isEqualTo("no");
    }
}
