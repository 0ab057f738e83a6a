package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.PartialImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The push decoder fed in pieces of every size: the same images and fields whatever the buffer boundaries. */
class ResponseDecoderTest {

    private final ResponseDecoder decoder = new ResponseDecoder(new ObjectMapper());
    private final Base64Strings.ScratchPool pool = new Base64Strings.ScratchPool();

    private static byte[] random(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private ResponseDecoder.Decoded feed(ResponseDecoder.Body body, byte[] bytes, int step) throws IOException {
        for (int i = 0; i < bytes.length; i += step) {
            body.feed(bytes, i, Math.min(bytes.length, i + step));
        }
        ResponseDecoder.Decoded d = body.finish();
        body.release();
        return d;
    }

    private ResponseDecoder.Decoded json(byte[] bytes, int step, int expected) throws IOException {
        return feed(decoder.json(new ImageTargets(null, 0, OutputFormat.PNG), bytes.length, expected, pool,
                Long.MAX_VALUE), bytes, step);
    }

    /** As the HTTP client delivers: read-only heap slices (no array), big-endian, at an offset in a larger buffer. */
    private ResponseDecoder.Decoded jsonFromNetworkBuffers(byte[] bytes, int step, int expected) throws IOException {
        ResponseDecoder.Body body = decoder.json(new ImageTargets(null, 0, OutputFormat.PNG), bytes.length, expected,
                pool, Long.MAX_VALUE);
        byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 5, bytes.length);
        for (int i = 0; i < bytes.length; i += step) {
            ByteBuffer b = ByteBuffer.wrap(padded, 5 + i, Math.min(step, bytes.length - i)).slice().asReadOnlyBuffer();
            int position = b.position();
            body.feed(b);
            assertThat(b.position()).isEqualTo(position);
        }
        ResponseDecoder.Decoded d = body.finish();
        body.release();
        return d;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 9, 1000, 16_384, Integer.MAX_VALUE})
    void should_decode_many_images_with_whitespace_escapes_and_urls_across_any_boundaries(int step)
            throws IOException {
        List<byte[]> raws = new ArrayList<>();
        StringBuilder json = new StringBuilder("{\n  \"created\" : 1767225600 ,\n  \"data\" : [\n");
        for (int i = 0; i < 10; i++) {
            byte[] raw = random(3000 + 977 * i, i);
            raws.add(raw);
            String b64 = Base64.getEncoder().encodeToString(raw);
            if (i % 3 == 1) {
                b64 = b64.replace("/", "\\/"); // escaped slashes, as PHP and some gateways send
            }
            json.append(i == 0 ? "" : ",\n").append("    {\"revised_prompt\": \"fox \\\"").append(i)
                    .append("\\\" {[,:]}\", \"b64_json\" :\t\"").append(b64).append("\", \"extra\": {\"k\": [1, 2]}}");
        }
        json.append(",\n    {\"url\": \"https://img.example/x.png\", \"revised_prompt\": \"url item\"}");
        json.append("\n  ],\n  \"usage\": {\"input_tokens\": 10, \"output_tokens\": 20, \"total_tokens\": 30},\n"
                + "  \"size\": \"1024x1024\", \"meta\": {\"credits\": 2}\n}\n");

        byte[] bytes = json.toString().getBytes(StandardCharsets.US_ASCII);
        for (ResponseDecoder.Decoded d : List.of(json(bytes, step, 11), jsonFromNetworkBuffers(bytes, step, 11))) {
            assertManyImages(d, raws);
        }
    }

    private static void assertManyImages(ResponseDecoder.Decoded d, List<byte[]> raws) {
        assertThat(d.images).hasSize(11);
        for (int i = 0; i < 10; i++) {
            GeneratedImage image = d.images.get(i).build();
            assertThat(image.bytes()).as("image %d", i).isEqualTo(raws.get(i));
            assertThat(image.index()).isEqualTo(i);
            assertThat(image.revisedPrompt()).contains("fox \"" + i + "\" {[,:]}");
            assertThat(image.metadata()).containsKey("extra");
        }
        assertThat(d.pendingUrls).containsOnlyKeys(10);
        assertThat(d.usage.totalTokens()).isEqualTo(30);
        assertThat(d.size).isEqualTo("1024x1024");
        assertThat(d.created).isEqualTo(1767225600L);
        assertThat(d.extras).containsKey("meta");
    }

    @Test
    void should_hold_n_images_in_about_n_images_of_memory() throws IOException {
        int n = 10;
        int size = 1 << 20;
        StringBuilder json = new StringBuilder("{\"created\":1,\"data\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"b64_json\":\"")
                    .append(Base64.getEncoder().encodeToString(random(size, i))).append("\"}");
        }
        json.append("]}");

        ResponseDecoder.Decoded d = json(json.toString().getBytes(StandardCharsets.US_ASCII), 16_384, n);

        long held = 0;
        for (GeneratedImage.Builder b : d.images) {
            ByteBuffer view = b.build().byteBuffer();
            held += heldArray(b);
            assertThat(view.remaining()).isEqualTo(size);
        }
        assertThat((double) held / ((long) n * size)).as("arrays held / decoded bytes").isLessThanOrEqualTo(1.07);
    }

    /** The length of the array a built image holds (reflection on the test's side only). */
    private static long heldArray(GeneratedImage.Builder b) {
        try {
            java.lang.reflect.Field f = GeneratedImage.class.getDeclaredField("bytes");
            f.setAccessible(true);
            return ((byte[]) f.get(b.build())).length;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void should_size_arrays_from_data_received_never_from_a_declared_length_alone() {
        ImageTargets.MemoryTarget t = new ImageTargets.MemoryTarget(0, 1_400_000_000L, OutputFormat.PNG);
        byte[] chunk = new byte[12_288];
        java.util.Arrays.fill(chunk, (byte) 7);
        for (int i = 0; i < 100; i++) {
            t.write(chunk, 0, chunk.length);
        }
        assertThat(t.buffer().length).as("an exact array of what arrived").isEqualTo(1_228_800);
        assertThat(t.array()).containsOnly((byte) 7);
        ImageTargets.MemoryTarget big = new ImageTargets.MemoryTarget(0, 64_000_000L, OutputFormat.PNG);
        for (int i = 0; i < 200; i++) {
            big.write(chunk, 0, chunk.length);
        }
        assertThat(big.buffer().length).as("trusted after a 32nd arrived").isEqualTo(64_000_000);
        assertThat(big.array()).hasSize(2_457_600).containsOnly((byte) 7);

        ImageTargets.MemoryTarget truthful = new ImageTargets.MemoryTarget(0, 1_000_003, OutputFormat.PNG);
        for (int written = 0; written < 1_000_000; written += 10_000) {
            truthful.write(new byte[10_000], 0, 10_000);
        }
        assertThat(truthful.buffer().length).isEqualTo(1_000_003);
        truthful.finish();
        assertThat(truthful.buffer().length).as("3 bytes of slack are kept, not copied").isEqualTo(1_000_003);
    }

    @Test
    void should_reject_a_body_cut_inside_the_image_and_a_truncated_json() {
        String b64 = Base64.getEncoder().encodeToString(random(5000, 1));
        byte[] cut = ("{\"data\":[{\"b64_json\":\"" + b64.substring(0, 3000)).getBytes(StandardCharsets.US_ASCII);
        byte[] open = ("{\"data\":[{\"b64_json\":\"" + b64 + "\"}]").getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> json(cut, 100, 1)).isInstanceOf(Base64Strings.Malformed.class)
                .hasMessageContaining("ended inside the base64 image data");
        assertThatThrownBy(() -> json(open, 100, 1)).isInstanceOf(Base64Strings.Malformed.class)
                .hasMessageContaining("ended unexpectedly");
    }

    @Test
    void should_reject_a_malformed_url_of_a_url_only_image_without_echoing_it() {
        byte[] body = "{\"data\":[{\"url\":\"https://x.example/a b?sig=topsecret\"}]}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> json(body, 7, 1)).isInstanceOf(ResponseDecoder.BadUrl.class)
                .hasMessageContaining("malformed URL").hasMessageNotContaining("topsecret");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 64, 100_000})
    void should_decode_a_stream_with_partials_and_type_after_the_data(int step) throws IOException {
        byte[] partial = random(2000, 1);
        byte[] last = random(9000, 2);
        String stream = ": keep-alive\n\n"
                + "event: image_generation.partial_image\ndata: {\"type\":\"image_generation.partial_image\","
                + "\"partial_image_index\":0,\"b64_json\":\"" + Base64.getEncoder().encodeToString(partial) + "\"}\n\n"
                + "event: image_generation.completed\ndata: {\"b64_json\":\"" + Base64.getEncoder().encodeToString(last)
                + "\",\"type\":\"image_generation.completed\",\"usage\":{\"total_tokens\":5}}\r\n\r\n"
                + "data: [DONE]\n\n";
        List<PartialImage> partials = new ArrayList<>();
        ImageListener listener = new ImageListener() {
            @Override
            public void onPartialImage(PartialImage p) {
                partials.add(p);
            }
        };

        ResponseDecoder.Decoded d = feed(decoder.sse(new ImageTargets(null, 0, OutputFormat.PNG), OutputFormat.PNG,
                listener, pool, Long.MAX_VALUE), stream.getBytes(StandardCharsets.US_ASCII), step);

        assertThat(partials).singleElement().satisfies(p -> assertThat(p.bytes()).isEqualTo(partial));
        assertThat(d.images).singleElement().satisfies(b -> assertThat(b.build().bytes()).isEqualTo(last));
        assertThat(d.usage.totalTokens()).isEqualTo(5);
        assertThat(d.partials).isEqualTo(1);
    }

    @Test
    void should_carry_what_arrived_in_a_stream_error() {
        String stream = "event: image_generation.partial_image\ndata: {\"type\":\"image_generation.partial_image\","
                + "\"b64_json\":\"aGVsbG8=\"}\n\nevent: error\ndata: {\"error\":{\"message\":\"boom\"}}\n\n";
        ResponseDecoder.Body body = decoder.sse(new ImageTargets(null, 0, OutputFormat.PNG), OutputFormat.PNG,
                ImageListener.NONE, pool, Long.MAX_VALUE);

        assertThatThrownBy(() -> feed(body, stream.getBytes(StandardCharsets.US_ASCII), 3))
                .isInstanceOfSatisfying(ResponseDecoder.StreamError.class, e -> {
                    assertThat(e.before.partials).isEqualTo(1);
                    assertThat(new String(e.body, StandardCharsets.UTF_8)).contains("boom");
                });
    }
}
