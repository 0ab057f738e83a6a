package dev.imagegen4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that hang, drip, lie about lengths or send broken data, over real HTTP (a purpose-built
 * {@link HostileServer} or the emulator): every call ends in bounded time with the exception that says
 * what the vendor may have received, and the POSTs are counted.
 */
class WireHazardTest {

    private static final String KEY = "sk-hazard-test-key-24681357";
    private static final byte[] PNG = Images.png(8, 8);
    private static final String B64 = Base64.getEncoder().encodeToString(PNG);

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.apiKey(KEY));

    private static OpenAiImageGenerator.Builder client(String baseUrl) {
        return OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(baseUrl);
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a red fox").model(ModelId.GPT_IMAGE_2).size("1024x1024").build();
    }

    private static byte[] imageJson() {
        return ("{\"created\":1,\"data\":[{\"b64_json\":\"" + B64 + "\"}]}").getBytes(StandardCharsets.US_ASCII);
    }

    // ---- Expect: 100-continue ----------------------------------------------------------------------

    /** Like an HTTP/1.0 server or a relay: never sends 100; waits for a body that is not coming. */
    private static HostileServer ignoresExpectContinue() throws Exception {
        return new HostileServer(x -> {
            if (x.expectsContinue()) {
                x.awaitClose(20_000); // reads nothing the client did not send; the client must give up
                throw new java.io.EOFException();
            }
            x.readBody(); // no 100 Continue: the client must stop waiting for it
            x.respond(200, "application/json", imageJson());
        });
    }

    @Test
    void should_resend_without_expect_continue_once_when_the_server_never_answers_it() throws Exception {
        try (HostileServer server = ignoresExpectContinue();
             OpenAiImageGenerator g = client(server.baseUrl()).expectContinueTimeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();

            ImageResult first = g.generate(request());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            ImageResult second = g.generate(request());

            assertThat(first.image().bytes()).isEqualTo(PNG);
            assertThat(second.image().bytes()).isEqualTo(PNG);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(server.heads.get()).as("request heads: one abandoned, then two without Expect").isEqualTo(3);
            assertThat(server.bodies.get()).as("bodies received (POSTs that could be paid)").isEqualTo(2);
            assertThat(server.requests.get(0).get("expect")).isEqualToIgnoringCase("100-continue");
            assertThat(server.requests.get(1)).doesNotContainKey("expect");
            assertThat(server.requests.get(2)).as("remembered for the host").doesNotContainKey("expect");
        }
    }

    @Test
    void should_not_resend_when_the_server_asked_for_the_body_and_then_hung() throws Exception {
        try (HostileServer server = new HostileServer(x -> {
            x.continueAndReadBody();
            x.awaitClose(20_000);
            throw new java.io.EOFException();
        }); OpenAiImageGenerator g = client(server.baseUrl()).expectContinueTimeout(Duration.ofMillis(200))
                .responseTimeout(Duration.ofMillis(800)).build()) {

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> g.generate(request()));

            assertThat(e.getMessage()).contains("headers timeout");
            assertThat(server.heads.get()).isEqualTo(1);
            assertThat(server.bodies.get()).isEqualTo(1);
        }
    }

    @Test
    void should_resend_without_expect_continue_after_417_expectation_failed() throws Exception {
        try (HostileServer server = new HostileServer(x -> {
            if (x.expectsContinue()) {
                x.write("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                throw new java.io.EOFException();
            }
            x.readBody();
            x.respond(200, "application/json", imageJson());
        }); OpenAiImageGenerator g = client(server.baseUrl()).build()) {

            ImageResult r = g.generate(request());

            assertThat(r.image().bytes()).isEqualTo(PNG);
            assertThat(server.heads.get()).isEqualTo(2);
            assertThat(server.bodies.get()).isEqualTo(1);
        }
    }

    // ---- deadline and dripping bodies --------------------------------------------------------------

    /** Headers, then one byte every {@code everyMillis} of {@code drip}, for up to 20 s. */
    private static HostileServer dripping(String contentType, String prefix, String drip, long everyMillis)
            throws Exception {
        return new HostileServer(x -> {
            x.continueAndReadBody();
            x.write("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            x.write(chunk(prefix));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end) {
                Thread.sleep(everyMillis);
                x.write(chunk(drip));
            }
        });
    }

    private static String chunk(String s) {
        return Integer.toHexString(s.length()) + "\r\n" + s + "\r\n";
    }

    @Test
    void should_end_a_body_that_drips_a_byte_at_a_time_at_the_deadline() throws Exception {
        try (HostileServer server = dripping("application/json", "{\"created\":1,\"data\":[{\"b64_json\":\"", "A", 100);
             OpenAiImageGenerator g = client(server.baseUrl()).idleTimeout(Duration.ofSeconds(5))
                     .deadline(Duration.ofMillis(1500)).build()) {
            long start = System.nanoTime();

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> g.generate(request()));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(e.getMessage()).contains("deadline of 1500 ms").contains("paid");
            assertThat(server.bodies.get()).isEqualTo(1);
        }
    }

    @Test
    void should_end_a_stream_of_keep_alive_comments_at_the_deadline() throws Exception {
        try (HostileServer server = dripping("text/event-stream", ": hello\n\n", ": keep-alive\n\n", 100);
             OpenAiImageGenerator g = client(server.baseUrl()).idleTimeout(Duration.ofSeconds(5))
                     .deadline(Duration.ofMillis(1200)).build()) {

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class,
                    () -> g.generate(request().toBuilder().partialImages(1).build()));

            assertThat(e.getMessage()).contains("deadline");
            assertThat(server.bodies.get()).isEqualTo(1);
        }
    }

    @Test
    void should_map_a_dripping_error_answer_by_its_status_at_the_deadline() throws Exception {
        try (HostileServer server = new HostileServer(x -> {
            x.continueAndReadBody();
            x.write("HTTP/1.1 503 Busy\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 200; i++) {
                Thread.sleep(50);
                x.write(chunk("b"));
            }
        }); OpenAiImageGenerator g = client(server.baseUrl()).deadline(Duration.ofMillis(800)).build()) {

            ImageGenerationException e = catchThrowableOfType(ImageGenerationException.class,
                    () -> g.generate(request()));

            assertThat(e).isExactlyInstanceOf(dev.imagegen4j.RetryableException.class);
            assertThat(e.httpStatus()).hasValue(503);
        }
    }

    @Test
    void should_complete_an_async_call_promptly_while_many_dripping_calls_are_in_flight() throws Exception {
        int dripping = 12;
        try (HostileServer server = dripping("application/json", "{\"created\":1,\"data\":[{\"b64_json\":\"", "A", 200);
             OpenAiImageGenerator slow = client(server.baseUrl()).deadline(Duration.ofSeconds(30)).build();
             OpenAiImageGenerator normal = client(EMULATOR.emulator().baseUrl() + "/v1").build()) {
            List<CompletableFuture<ImageResult>> stuck = new ArrayList<>();
            for (int i = 0; i < dripping; i++) {
                stuck.add(slow.generateAsync(request()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.bodies.get() < dripping && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(500); // every dripping body is now being received

            ImageResult r = normal.generateAsync(request()).get(10, TimeUnit.SECONDS);

            assertThat(r.images()).hasSize(1);
            assertThat(server.bodies.get()).isEqualTo(dripping);
            assertThat(stuck).noneMatch(CompletableFuture::isDone);
            server.close(); // the dripping calls now fail fast (truncated), as unknown outcomes
            for (CompletableFuture<ImageResult> f : stuck) {
                Throwable t = catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
                assertThat(t).hasCauseInstanceOf(ResultUnknownException.class);
            }
        }
    }

    // ---- lengths and sizes -------------------------------------------------------------------------

    @Test
    void should_not_trust_a_huge_content_length_for_allocation() throws Exception {
        byte[] head = ("{\"created\":1,\"data\":[{\"b64_json\":\"" + B64.substring(0, 40)).getBytes(StandardCharsets.US_ASCII);
        try (HostileServer server = new HostileServer(x -> {
            x.continueAndReadBody();
            x.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1900000000\r\n\r\n");
            x.write(head);
            x.socket.close();
        }); OpenAiImageGenerator g = client(server.baseUrl()).build()) {
            Runtime rt = Runtime.getRuntime();
            long before = rt.totalMemory() - rt.freeMemory();

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> g.generate(request()));

            long after = rt.totalMemory() - rt.freeMemory();
            assertThat(e.getMessage()).contains("truncated");
            assertThat(after - before).as("heap grown").isLessThan(256L << 20);
            assertThat(server.bodies.get()).isEqualTo(1);
        }
    }

    @Test
    void should_fail_an_image_over_the_cap_as_unknown() {
        ImageApiEmulator emu = EMULATOR.emulator();
        emu.synthetic(1 << 20);
        try (OpenAiImageGenerator g = client(emu.baseUrl() + "/v1").maxImageBytes(100_000).build()) {

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> g.generate(request()));

            assertThat(e.getMessage()).contains("cap of 100000 bytes").contains("max-image-bytes");
            assertThat(emu.journal().posts()).hasSize(1);
        }
    }

    @Test
    void should_fail_a_streamed_image_over_the_cap_as_unknown() {
        ImageApiEmulator emu = EMULATOR.emulator();
        try (OpenAiImageGenerator g = client(emu.baseUrl() + "/v1").maxImageBytes(200).build()) {

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class,
                    () -> g.generate(request().toBuilder().partialImages(1).build()));

            assertThat(e.getMessage()).contains("cap of 200 bytes");
            assertThat(emu.journal().posts()).hasSize(1);
        }
    }

    // ---- malformed data ----------------------------------------------------------------------------

    @Test
    void should_report_a_malformed_image_url_as_unknown_without_echoing_it() throws Exception {
        String url = "https://blob.example/img 1.png?sig=s3cr3t-signature%zz";
        try (HostileServer server = new HostileServer(x -> {
            x.continueAndReadBody();
            x.respond(200, "application/json", ("{\"created\":1,\"data\":[{\"url\":\"" + url + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
        }); OpenAiImageGenerator g = client(server.baseUrl()).build()) {

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> g.generate(request()));

            assertThat(e.getMessage()).contains("malformed URL").doesNotContain("s3cr3t");
            assertThat(server.bodies.get()).isEqualTo(1);
        }
    }

    @Test
    void should_keep_an_image_whose_extra_url_is_malformed_and_warn() throws Exception {
        try (HostileServer server = new HostileServer(x -> {
            x.continueAndReadBody();
            x.respond(200, "application/json", ("{\"created\":1,\"data\":[{\"b64_json\":\"" + B64
                    + "\",\"url\":\"::not a url::\"}]}").getBytes(StandardCharsets.UTF_8));
        }); OpenAiImageGenerator g = client(server.baseUrl()).build()) {

            ImageResult r = g.generate(request());

            assertThat(r.image().bytes()).isEqualTo(PNG);
            assertThat(r.image().url()).isEmpty();
            assertThat(r.warnings()).anyMatch(w -> w.contains("malformed"));
        }
    }

    // ---- stream errors after paid data -------------------------------------------------------------

    private static String sse(String event, String json) {
        return "event: " + event + "\ndata: " + json + "\n\n";
    }

    @Test
    void should_return_a_completed_image_when_the_stream_errs_after_it_and_keep_the_file(@TempDir Path dir)
            throws Exception {
        String stream = sse("image_generation.partial_image", "{\"type\":\"image_generation.partial_image\","
                + "\"partial_image_index\":0,\"b64_json\":\"" + B64 + "\"}")
                + sse("image_generation.completed", "{\"type\":\"image_generation.completed\",\"b64_json\":\"" + B64
                + "\",\"usage\":{\"input_tokens\":5,\"output_tokens\":7,\"total_tokens\":12}}")
                + sse("error", "{\"error\":{\"type\":\"server_error\",\"message\":\"stream broke\"}}");
        try (HostileServer server = new HostileServer(x -> {
            x.continueAndReadBody();
            x.respond(200, "text/event-stream", stream.getBytes(StandardCharsets.UTF_8));
        }); OpenAiImageGenerator g = client(server.baseUrl()).build()) {
            Path file = dir.resolve("fox.png");

            ImageResult r = g.generate(request().toBuilder().partialImages(1).sink(ImageSink.toFile(file)).build());

            assertThat(r.images()).hasSize(1);
            assertThat(Files.readAllBytes(file)).isEqualTo(PNG);
            assertThat(r.failures()).singleElement().isInstanceOf(ResultUnknownException.class);
            assertThat(r.failures().get(0).getMessage()).contains("stream broke");
            assertThat(r.warnings()).anyMatch(w -> w.contains("after 1 complete image(s)"));
            assertThat(server.bodies.get()).isEqualTo(1);
        }
    }

    @Test
    void should_not_let_a_vendor_error_body_show_a_key_cut_at_any_length() throws Exception {
        for (int pad : new int[] {170, 186, 195, 199, 205}) {
            String body = "<html>" + "x".repeat(pad) + " echo of Authorization: Bearer " + KEY + "</html>";
            try (HostileServer server = new HostileServer(x -> {
                x.continueAndReadBody();
                x.respond(500, "text/html", body.getBytes(StandardCharsets.UTF_8));
            }); OpenAiImageGenerator g = client(server.baseUrl()).build()) {

                ImageGenerationException e = catchThrowableOfType(ImageGenerationException.class,
                        () -> g.generate(request()));

                assertThat(e.getMessage()).as("pad %d", pad).doesNotContain("hazard-test").doesNotContain("24681357");
            }
        }
    }
}
